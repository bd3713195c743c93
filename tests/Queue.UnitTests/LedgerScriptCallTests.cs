using Queue.Contracts;
using Queue.Sending.Ledger;
using Queue.Sending.Policy;
using Queue.Sending.Settings;
using StackExchange.Redis;

namespace Queue.UnitTests;

/// <summary>The request ledger's, approval store's and shared settings' scripts: KEYS, ARGV and replies, without Redis.</summary>
public class LedgerScriptCallTests
{
    static readonly Guid RequestId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    static ClaimBeginCall Begin(string? handedOn = null) => new("t:request", RequestId, "tok", handedOn, TimeSpan.FromSeconds(75), TimeSpan.FromDays(1));

    static RedisResult Text(string value) => RedisResult.Create((RedisValue)value);

    [Fact]
    public void Begin_passes_lease_retention_and_tokens()
    {
        Assert.Equal(["t:request"], Begin().Keys().Select(k => (string)k!));
        Assert.Equal(["75000", "86475000", "tok", ""], Begin().Arguments().Select(v => (string)v!));
        Assert.Equal("old", (string)Begin("old").Arguments()[3]!);
    }

    [Fact]
    public void Begin_reads_a_claim_with_its_quota_attempt()
    {
        Assert.Equal(new RequestClaim(RequestId, RequestState.Began, "tok", "tok"), Begin().Parse(Text("began:tok")));
        Assert.Equal(new RequestClaim(RequestId, RequestState.Resumed, "tok", "old"), Begin().Parse(Text("resumed:old")));
        Assert.Equal(new RequestClaim(RequestId, RequestState.InFlight, "tok"), Begin().Parse(Text("sending")));
    }

    [Fact]
    public void Begin_reads_a_finished_request_from_older_versions_too()
    {
        Assert.Equal(RequestState.Sent, Begin().Parse(Text("sent")).State);
        Assert.Equal(RequestState.Failed, Begin().Parse(Text("failed")).State);
        Assert.True(Begin().Parse(Text("sent")).Finished);
    }

    [Fact]
    public void Renew_abandon_and_settle_map_their_arguments_and_answers()
    {
        Assert.Equal(["tok", "75000", "86475000"], new ClaimRenewCall("t:request", "tok", TimeSpan.FromSeconds(75), TimeSpan.FromDays(1)).Arguments().Select(v => (string)v!));
        Assert.True(ClaimRenewCall.Parse(RedisResult.Create((RedisValue)1)));
        Assert.False(ClaimRenewCall.Parse(RedisResult.Create((RedisValue)0)));
        Assert.Equal(["tok"], new ClaimAbandonCall("t:request", "tok").Arguments().Select(v => (string)v!));
        Assert.False(ClaimAbandonCall.Parse(RedisResult.Create((RedisValue)0)));
        Assert.Equal(["{}", "3600000"], new OutcomeSettleCall("t:request", "{}", TimeSpan.FromHours(1)).Arguments().Select(v => (string)v!));
        Assert.Equal(SettleResult.Settled, OutcomeSettleCall.Parse(Text("settled")));
        Assert.Equal(SettleResult.Sending, OutcomeSettleCall.Parse(Text("sending")));
        Assert.Equal(SettleResult.Finished, OutcomeSettleCall.Parse(Text("finished")));
    }

    static ApprovalDecideCall Decide() => new(
        "t:approval", "t:pending", "t:audit", RequestId, ApprovalState.Approved, "jefe@pasto.gov.co", null, new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero),
        [ApprovalAdvisor.MayorsOffice, ApprovalAdvisor.HumanResources], "{\"audit\":1}", 10_000, TimeSpan.FromDays(30));

    [Fact]
    public void Decide_passes_the_decision_its_audit_entry_and_advisors()
    {
        Assert.Equal(["t:approval", "t:pending", "t:audit"], Decide().Keys().Select(k => (string)k!));
        Assert.Equal(
            ["approved", "jefe@pasto.gov.co", "", "2026-12-07T14:00:00.0000000+00:00", RequestId.ToString("N"), "{\"audit\":1}", "10000", "MayorsOffice,HumanResources", "2592000"],
            Decide().Arguments().Select(v => (string)v!));
    }

    [Fact]
    public void Decide_reads_the_decided_request_or_the_state_it_was_in()
    {
        var request = new SendEmail { RequestId = RequestId, From = "intranet@pasto.gov.co", To = ["a@example.org"], Subject = "s", TextBody = "b" };
        var json = System.Text.Json.JsonSerializer.Serialize(request, ApprovalStore.Json);

        var decided = Decide().Parse(RedisResult.Create([Text("decided"), Text(json)]));

        Assert.True(decided.Decided);
        Assert.Equal(ApprovalState.Approved, decided.State);
        Assert.Equal(RequestId, decided.Request!.RequestId);
        Assert.Equal(new ApprovalOutcome(false, ApprovalState.Expired, null), Decide().Parse(RedisResult.Create([Text("expired")])));
        Assert.Equal(new ApprovalOutcome(false, null, null), Decide().Parse(RedisResult.Create([Text("missing")])));
    }

    [Fact]
    public void Settings_write_compares_the_version_and_reads_which_won()
    {
        var call = new SettingsWriteCall("t:current", "t:history", 4, "{\"Version\":5}", RedisChannel.Literal("t:changed"), 100);

        Assert.Equal(["t:current", "t:history"], call.Keys().Select(k => (string)k!));
        Assert.Equal(["4", "{\"Version\":5}", "t:changed", "100"], call.Arguments().Select(v => (string)v!));
        Assert.Equal((true, 5L), SettingsWriteCall.Parse(RedisResult.Create([(RedisValue)1, (RedisValue)5])));
        Assert.Equal((false, 6L), SettingsWriteCall.Parse(RedisResult.Create([(RedisValue)0, (RedisValue)6])));
    }
}
