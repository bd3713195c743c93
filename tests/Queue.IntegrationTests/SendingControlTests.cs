using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Sending.Quotas;

namespace Queue.IntegrationTests;

public class ControlFixture : DispatcherFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Reputation:Action", "Pause"),
    ];

    internal LaneDirectory Lanes => Services.GetRequiredService<LaneDirectory>();

    internal async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>Operators and the reputation monitor hold sending through the bus; every replica obeys.</summary>
public class SendingControlTests(ControlFixture dispatcher) : IClassFixture<ControlFixture>
{
    [Fact]
    public async Task An_operator_pauses_one_account_its_mail_waits_and_goes_out_on_resume()
    {
        const string account = "soportesistemas@pasto.gov.co";
        await dispatcher.Bus.Publish(new PauseSending { Account = account, Reason = "mantenimiento del relay", By = "ops" });
        await dispatcher.WaitForAsync(() => dispatcher.Lanes.For(account).PausedUntil is not null, "the lane did not pause");
        Assert.Contains("mantenimiento del relay", dispatcher.Lanes.For(account).PauseReason);
        Assert.Null(dispatcher.Lanes.For("intranet@pasto.gov.co").PausedUntil);

        var held = DispatcherFixture.Request("Pausado por operador") with { From = account };
        var other = DispatcherFixture.Request("Otra cuenta sigue");
        await dispatcher.PublishAsync(held);
        await dispatcher.PublishAsync(other);
        await dispatcher.Events.WaitForAsync<EmailSent>(other.RequestId);
        await Task.Delay(1000);
        Assert.DoesNotContain(dispatcher.Events.All<EmailSent>(), e => e.RequestId == held.RequestId);

        await dispatcher.Bus.Publish(new ResumeSending { Account = account, By = "ops" });
        await dispatcher.Events.WaitForAsync<EmailSent>(held.RequestId);
        Assert.Null(dispatcher.Lanes.For(account).PausedUntil);
    }

    [Fact]
    public async Task A_confirmed_high_listing_of_the_domain_pauses_its_lanes_until_it_clears_and_lower_ones_never_do()
    {
        var medium = Listing(ReputationSeverity.Medium, "bl.mailspike.net");
        await dispatcher.Bus.Publish(medium);
        await dispatcher.Bus.Publish(Listing(ReputationSeverity.High, "dbl.spamhaus.org"));
        await dispatcher.WaitForAsync(() => dispatcher.Lanes.All.All(l => l.PausedUntil is not null), "the lanes did not pause");
        Assert.All(dispatcher.Lanes.All, l => Assert.DoesNotContain("mailspike", l.PauseReason));
        Assert.All(dispatcher.Lanes.All, l => Assert.Contains("dbl.spamhaus.org", l.PauseReason));

        var request = DispatcherFixture.Request("Durante el listado");
        await dispatcher.PublishAsync(request);
        await Task.Delay(1000);
        Assert.DoesNotContain(dispatcher.Events.All<EmailSent>(), e => e.RequestId == request.RequestId);

        await dispatcher.Bus.Publish(new ReputationListingCleared
        {
            Target = "pasto.gov.co", TargetKind = ReputationTargetKind.Domain, Zone = "dbl.spamhaus.org", List = "dbl.spamhaus.org",
            Severity = ReputationSeverity.High, ClearedAt = DateTimeOffset.UtcNow,
        });
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        Assert.All(dispatcher.Lanes.All, l => Assert.Null(l.PausedUntil));
    }

    [Fact]
    public async Task A_listing_of_another_domain_is_not_ours()
    {
        await dispatcher.Bus.Publish(Listing(ReputationSeverity.High, "multi.surbl.org") with { Target = "example.org" });
        var request = DispatcherFixture.Request("Otro dominio listado");
        await dispatcher.PublishAsync(request);
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        Assert.All(dispatcher.Lanes.All, l => Assert.DoesNotContain("surbl", l.PauseReason ?? ""));
    }

    static ReputationListingConfirmed Listing(ReputationSeverity severity, string zone) => new()
    {
        Target = "pasto.gov.co", TargetKind = ReputationTargetKind.Domain, Zone = zone, List = zone, Severity = severity,
        Codes = ["127.0.1.2"], Reason = "prueba", FirstSeen = DateTimeOffset.UtcNow, ConfirmedAt = DateTimeOffset.UtcNow,
    };
}

public class BulkHoldFixture : ControlFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Reputation:Action", "PauseBulk")];
}

public class ReputationBulkHoldTests(BulkHoldFixture dispatcher) : IClassFixture<BulkHoldFixture>
{
    [Fact]
    public async Task With_pause_bulk_a_listing_holds_bulk_mail_and_lets_the_rest_go()
    {
        await dispatcher.Bus.Publish(new ReputationListingConfirmed
        {
            Target = "203.0.113.7", TargetKind = ReputationTargetKind.IPv4, Zone = "zen.spamhaus.org", List = "Spamhaus SBL",
            Severity = ReputationSeverity.High, Codes = ["127.0.0.2"], FirstSeen = DateTimeOffset.UtcNow, ConfirmedAt = DateTimeOffset.UtcNow,
        });
        await dispatcher.WaitForAsync(() => dispatcher.Lanes.All.All(l => l.BulkHeldBy is not null), "bulk was not held");

        var bulk = DispatcherFixture.Request("Masivo en espera") with { Priority = EmailPriority.Bulk };
        var normal = DispatcherFixture.Request("Normal sigue");
        await dispatcher.PublishAsync(bulk);
        await dispatcher.PublishAsync(normal);

        await dispatcher.Events.WaitForAsync<EmailSent>(normal.RequestId);
        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(bulk.RequestId);
        Assert.Equal(RuleNames.ReputationHold, deferred.Rule);
        Assert.All(dispatcher.Lanes.All, l => Assert.Null(l.PausedUntil));
    }
}

public class ThrottleFixture : ControlFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Reputation:Action", "Throttle"), new("Reputation:ThrottleFraction", "0.5")];
}

public class ReputationThrottleTests(ThrottleFixture dispatcher) : IClassFixture<ThrottleFixture>
{
    [Fact]
    public async Task With_throttle_a_listing_halves_every_quota_and_clearing_restores_it()
    {
        var gate = dispatcher.Services.GetRequiredService<RedisQuotaGate>();
        var before = gate.Limits("intranet@pasto.gov.co").Select(l => l.Messages).ToList();
        await dispatcher.Bus.Publish(new ReputationListingConfirmed
        {
            Target = "203.0.113.8", TargetKind = ReputationTargetKind.IPv4, Zone = "b.barracudacentral.org", List = "Barracuda",
            Severity = ReputationSeverity.High, Codes = ["127.0.0.2"], FirstSeen = DateTimeOffset.UtcNow, ConfirmedAt = DateTimeOffset.UtcNow,
        });
        await dispatcher.WaitForAsync(() => gate.Limits("intranet@pasto.gov.co")[0].Messages < before[0], "the quotas were not throttled");
        Assert.Equal(before.Select(m => m / 2), gate.Limits("intranet@pasto.gov.co").Select(l => l.Messages));

        await dispatcher.Bus.Publish(new ReputationListingCleared
        {
            Target = "203.0.113.8", TargetKind = ReputationTargetKind.IPv4, Zone = "b.barracudacentral.org", List = "Barracuda",
            Severity = ReputationSeverity.High, ClearedAt = DateTimeOffset.UtcNow,
        });
        await dispatcher.WaitForAsync(() => gate.Limits("intranet@pasto.gov.co")[0].Messages == before[0], "the quotas were not restored");
    }
}
