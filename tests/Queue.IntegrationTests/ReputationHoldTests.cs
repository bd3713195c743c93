using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Control;
using Queue.Reputation.Status;
using Queue.Sending.Control;

namespace Queue.IntegrationTests;

public class ReputationHoldFixture : ControlFixture;

/// <summary>One hold per zone, list and target: a list that clears lifts its own hold, never another list's.</summary>
public class ReputationHoldTests(ReputationHoldFixture dispatcher) : IClassFixture<ReputationHoldFixture>
{
    const string Zen = "zen.spamhaus.org";

    [Fact]
    public async Task With_sbl_and_xbl_listed_xbl_clearing_keeps_sending_held_until_sbl_clears()
    {
        const string ip = "203.0.113.21";
        await dispatcher.Bus.Publish(Listed(ip, "Spamhaus SBL", "127.0.0.2"));
        await dispatcher.Bus.Publish(Listed(ip, "Spamhaus XBL", "127.0.0.4"));
        await dispatcher.WaitForAsync(() => dispatcher.Lanes.All.All(l => l.Holds.Count(h => h.Source.Contains(ip)) == 2), "both listings did not hold the lanes");

        await dispatcher.Bus.Publish(Cleared(ip, "Spamhaus XBL"));
        await dispatcher.WaitForAsync(() => dispatcher.Lanes.All.All(l => l.Holds.Count(h => h.Source.Contains(ip)) == 1), "the XBL hold was not lifted");
        Assert.All(dispatcher.Lanes.All, l => Assert.Contains("Spamhaus SBL", l.PauseReason));
        var holds = await dispatcher.Services.GetRequiredService<SendingHoldStore>().AllAsync(DateTimeOffset.UtcNow);
        var sbl = Assert.Single(holds, h => h.Source.Contains(ip));
        Assert.Equal(ReputationHolds.Source(Zen, "Spamhaus SBL", ip), sbl.Source);
        Assert.Equal(ReputationSeverity.High, sbl.Severity);

        var request = DispatcherFixture.Request("Con SBL todavía listado");
        await dispatcher.PublishAsync(request);
        await Task.Delay(1000);
        Assert.DoesNotContain(dispatcher.Events.All<EmailSent>(), e => e.RequestId == request.RequestId);

        await dispatcher.Bus.Publish(Cleared(ip, "Spamhaus SBL"));
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        Assert.All(dispatcher.Lanes.All, l => Assert.Null(l.PausedUntil));
    }

    [Fact]
    public async Task At_start_the_holds_are_rebuilt_from_the_monitors_state()
    {
        const string ip = "203.0.113.22";
        var store = dispatcher.Services.GetRequiredService<SendingHoldStore>();

        // While the dispatcher was down: SBL confirmed (the event never arrived), XBL cleared (its clear never arrived),
        // and a hold under the key of an older release, which named no list.
        await store.SetAsync(new SendingHold(SendingHold.Everything, ReputationHolds.Source(Zen, "Spamhaus XBL", ip), HoldKind.Pause, "xbl", "reputation monitor", DateTimeOffset.UtcNow));
        await store.SetAsync(new SendingHold(SendingHold.Everything, $"reputation:{Zen}:{ip}", HoldKind.Pause, "old key", "reputation monitor", DateTimeOffset.UtcNow));
        var now = DateTimeOffset.UtcNow;
        await dispatcher.Services.GetRequiredService<ReputationStatusStore>().WriteAsync(
            [
                new TargetZoneStatus
                {
                    Target = ip, TargetKind = ReputationTargetKind.IPv4, Zone = Zen, LastOutcome = LookupOutcome.Listed, LastCheckedAt = now,
                    Listings =
                    [
                        new ListingStatus { List = "Spamhaus SBL", Severity = ReputationSeverity.High, Confirmed = true, Codes = ["127.0.0.2"], FirstSeen = now, ConfirmedAt = now },
                        new ListingStatus { List = "Spamhaus XBL", Severity = ReputationSeverity.High, Confirmed = false, ConsecutiveMisses = 3 },
                        new ListingStatus { List = "Spamhaus PBL", Severity = ReputationSeverity.Medium, Confirmed = true, Codes = ["127.0.0.10"], FirstSeen = now, ConfirmedAt = now },
                    ],
                },
            ],
            new ZoneStatus { Zone = Zen, Kind = ReputationTargetKind.IPv4, CheckedAt = now, LastSuccessAt = now });

        // What a restarted dispatcher does before its bus consumes anything.
        await dispatcher.Services.GetRequiredService<HoldsApplier>().StartAsync(CancellationToken.None);

        var holds = (await store.AllAsync(DateTimeOffset.UtcNow)).Where(h => h.Source.Contains(ip)).ToList();
        var sbl = Assert.Single(holds);
        Assert.Equal(ReputationHolds.Source(Zen, "Spamhaus SBL", ip), sbl.Source);
        Assert.All(dispatcher.Lanes.All, l => Assert.Contains("Spamhaus SBL", l.PauseReason));
        Assert.All(dispatcher.Lanes.All, l => Assert.Single(l.Holds, h => h.Source.Contains(ip)));

        await dispatcher.Bus.Publish(Cleared(ip, "Spamhaus SBL"));
        await dispatcher.WaitForAsync(() => dispatcher.Lanes.All.All(l => !l.Holds.Any(h => h.Source.Contains(ip))), "the SBL clear did not lift the rebuilt hold");
    }

    static ReputationListingConfirmed Listed(string ip, string list, string code) => new()
    {
        Target = ip, TargetKind = ReputationTargetKind.IPv4, Zone = Zen, List = list, Severity = ReputationSeverity.High,
        Codes = [code], FirstSeen = DateTimeOffset.UtcNow, ConfirmedAt = DateTimeOffset.UtcNow,
    };

    static ReputationListingCleared Cleared(string ip, string list) => new()
    {
        Target = ip, TargetKind = ReputationTargetKind.IPv4, Zone = Zen, List = list, Severity = ReputationSeverity.High, ClearedAt = DateTimeOffset.UtcNow,
    };
}
