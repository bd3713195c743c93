using System.Net;
using Queue.Ctl;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>queuectl against a running gateway, as an operator types it.</summary>
public class QueuectlTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    Task<(int Exit, string Output, string Error)> RunAsync(string? key, params string[] args) => queue.QueuectlAsync(key, args);

    [Fact]
    public async Task Quotas_lanes_holds_and_reputation_print_readable_tables()
    {
        await MonitorReadModel.CleanAsync(queue.Reputation, "zen.spamhaus.org");
        var quotas = await RunAsync(queue.Keys.Reader, "quotas");
        // Another test of this class pauses and resumes all sending: the dispatcher's lane state follows a resume
        // within moments, so the table is read until the lane is sending again (the pattern below is still asserted).
        var lanes = await Eventually.ReadAsync(() => RunAsync(queue.Keys.Reader, "lanes"),
            r => System.Text.RegularExpressions.Regex.IsMatch(r.Output, @"(?m)^soportesistemas@pasto\.gov\.co +sending +- +0 +0 +0 "), "the lane is not sending");
        var reputation = await RunAsync(queue.Keys.Reader, "reputation");

        Assert.Equal(0, quotas.Exit);
        Assert.Matches(@"^ACCOUNT +LIMIT +MESSAGES +RECIPIENTS", quotas.Output);
        Assert.Matches(@"(?m)^intranet@pasto\.gov\.co +quota\.account\.hour +\d+/380 \(\d+ left\)", quotas.Output);
        Assert.Matches(@"(?m)^soportesistemas@pasto\.gov\.co +sending +- +0 +0 +0 ", lanes.Output);
        Assert.Matches(@"(?m)^zen\.spamhaus\.org +clean", reputation.Output);
    }

    [Fact]
    public async Task Json_of_one_account_quotas_is_that_accounts_answer()
    {
        var one = await RunAsync(queue.Keys.Reader, "quotas", "secretarias@pasto.gov.co", "--json");

        Assert.Equal(0, one.Exit);
        Assert.Contains("secretarias@pasto.gov.co", one.Output);
        Assert.DoesNotContain("intranet@pasto.gov.co", one.Output);
    }

    [Fact]
    public async Task Pause_and_resume_all_sending_are_recorded_with_who_and_shown_in_holds()
    {
        var pause = await RunAsync(queue.Keys.Operator, "pause", "--all", "--reason", "mantenimiento", "--by", "carlos");
        Assert.Equal(0, pause.Exit);
        Assert.Contains("pause of all sending sent", pause.Output);

        var holds = await Eventually.ReadAsync(() => RunAsync(queue.Keys.Operator, "holds"), r => r.Output.Contains("mantenimiento"), "the pause is not listed");
        Assert.Matches(@"(?m)^\* +operator +Pause +mantenimiento +carlos via ops", holds.Output);

        Assert.Equal(0, (await RunAsync(queue.Keys.Operator, "resume", "--all")).Exit);
        await Eventually.ReadAsync(() => RunAsync(queue.Keys.Operator, "holds"), r => r.Output.Contains("(none)"), "the pause was not lifted");
        Assert.Matches(@"(?m)^\S+ \S+ +pause +\* +carlos via ops", (await RunAsync(queue.Keys.Operator, "audit")).Output);
    }

    [Fact]
    public async Task Refusals_are_printed_in_the_gateways_words_with_exit_code_2()
    {
        var notAllowed = await RunAsync(queue.Keys.Reader, "pause", "intranet@pasto.gov.co", "--reason", "x");
        var tooLong = await RunAsync(queue.Keys.Operator, "pause", "intranet@pasto.gov.co", "--reason", new string('x', 501));

        Assert.Equal(2, notAllowed.Exit);
        Assert.Contains("403", notAllowed.Error);
        Assert.Contains("operate", notAllowed.Error);
        Assert.Equal(2, tooLong.Exit);
        Assert.Contains("400", tooLong.Error);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("pause", "intranet@pasto.gov.co")]
    [InlineData("pause", "intranet@pasto.gov.co", "--reason", "x", "--until", "mañana")]
    [InlineData("send", "/missing.json")]
    [InlineData("send", "/")]
    [InlineData("approve", "not-a-guid")]
    [InlineData("approve", "6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10", "--advised-by", "the-pope")]
    [InlineData("status")]
    [InlineData("holds", "--url", "not a url")]
    [InlineData("pause", "--json")]
    public async Task Command_line_mistakes_exit_1_with_one_line_and_no_stack_trace(params string[] args)
    {
        var result = await RunAsync(queue.Keys.Operator, args);

        Assert.Equal(1, result.Exit);
        Assert.StartsWith("queuectl: ", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task Keys_are_created_once_listed_by_id_and_revoked()
    {
        string[] redis = ["--redis", TestServers.Redis, "--prefix", queue.RedisPrefix];
        var created = await RunAsync(null, ["keys", "create", "--app", "tablero-ti", "--scopes", "read", "--note", "pantalla de la oficina TIC", .. redis]);
        Assert.Equal(0, created.Exit);
        var key = created.Output.Split('\n')[1].Trim();
        var id = key.Split('_')[1];
        Assert.StartsWith("qk_", key);
        Assert.Equal(HttpStatusCode.OK, (await queue.Client(key).GetAsync("/v1/holds")).StatusCode);

        var listed = await RunAsync(null, ["keys", "list", .. redis]);
        Assert.Matches($"(?m)^{id} +tablero-ti +read ", listed.Output);
        Assert.DoesNotContain(key, listed.Output);

        Assert.Equal(0, (await RunAsync(null, ["keys", "revoke", id, .. redis])).Exit);
        Assert.Equal(HttpStatusCode.Unauthorized, (await queue.Client(key).GetAsync("/v1/holds")).StatusCode);
        Assert.Equal(1, (await RunAsync(null, ["keys", "create", "--app", "x", "--scopes", "root", .. redis])).Exit);
        Assert.Equal(2, (await RunAsync(null, ["keys", "revoke", id, .. redis])).Exit);
    }
}
