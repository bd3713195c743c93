using Microsoft.Extensions.Logging.Abstractions;
using Queue.Contracts;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tests.Infrastructure;
using Queue.ReputationMonitor.Tracking;
using static Microsoft.Extensions.Options.Options;

namespace Queue.ReputationMonitor.Tests.Unit;

/// <summary>The board with a fake clock: when answers become events, and when they do not.</summary>
public class HysteresisTests
{
    static readonly Target Ip = new("192.0.2.10", ReputationTargetKind.IPv4);
    readonly FakeTimeProvider clock = new();

    static ReputationBoard Board(params string[] ips)
    {
        var targets = new TargetSet(Create(new TargetsOptions { SendingIps = ips.Length > 0 ? [.. ips] : [Ip.Value] }));
        var zones = new ZoneCatalog(Create(new BlocklistOptions { Zones = [ShippedZones.Get("zen.spamhaus.org", ReputationTargetKind.IPv4, "zen.test")] }), targets);
        return new ReputationBoard(zones, targets, Create(new BlocklistOptions()), NullLogger<ReputationBoard>.Instance);
    }

    static ZoneRound Round(params (Target Target, Queue.ReputationMonitor.Dns.DnsLookup Answer)[] answers) =>
        new(Answers.Zen, ZoneHealth.Passed, answers.Select(a => new TargetObservation(a.Target, AnswerClassifier.Classify(Answers.Zen, a.Answer), "reason")).ToList());

    static ZoneRound Round(Queue.ReputationMonitor.Dns.DnsLookup answer) => Round((Ip, answer));

    IReadOnlyList<object> Apply(ReputationBoard board, ZoneRound round)
    {
        var events = board.Apply(round, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(20));
        return events;
    }

    [Fact]
    public void Two_consecutive_hits_confirm_with_the_first_as_first_seen()
    {
        var board = Board();
        var first = clock.GetUtcNow();
        Assert.Empty(Apply(board, Round(Answers.A("127.0.0.2"))));
        var confirmed = Assert.IsType<ReputationListingConfirmed>(Assert.Single(Apply(board, Round(Answers.A("127.0.0.2")))));
        Assert.Equal(("192.0.2.10", "zen.test", "Spamhaus SBL", ReputationSeverity.High), (confirmed.Target, confirmed.Zone, confirmed.List, confirmed.Severity));
        Assert.Equal(["127.0.0.2"], confirmed.Codes);
        Assert.Equal("reason", confirmed.Reason);
        Assert.Equal("https://check.spamhaus.org/", confirmed.DelistUrl);
        Assert.Equal(first, confirmed.FirstSeen);
        Assert.Equal(first + TimeSpan.FromMinutes(20), confirmed.ConfirmedAt);
        Assert.Empty(Apply(board, Round(Answers.A("127.0.0.2"))));
    }

    [Fact]
    public void A_single_hit_between_misses_is_forgotten()
    {
        var board = Board();
        Assert.Empty(Apply(board, Round(Answers.A("127.0.0.2"))));
        Assert.Empty(Apply(board, Round(Answers.NxDomain())));
        Assert.Empty(Apply(board, Round(Answers.A("127.0.0.2"))));
        Assert.Equal(1, board.Snapshot().Targets.Single().Listings.Single(l => l.List == "Spamhaus SBL").ConsecutiveHits);
    }

    [Fact]
    public void Three_consecutive_misses_clear_and_a_hit_between_starts_again()
    {
        var board = Board();
        Apply(board, Round(Answers.A("127.0.0.2")));
        Apply(board, Round(Answers.A("127.0.0.2")));
        Assert.Empty(Apply(board, Round(Answers.NxDomain())));
        Assert.Empty(Apply(board, Round(Answers.NxDomain())));
        Assert.Empty(Apply(board, Round(Answers.A("127.0.0.2"))));
        Assert.Empty(Apply(board, Round(Answers.NxDomain())));
        Assert.Empty(Apply(board, Round(Answers.NxDomain())));
        var cleared = Assert.IsType<ReputationListingCleared>(Assert.Single(Apply(board, Round(Answers.NxDomain()))));
        Assert.Equal(("192.0.2.10", "Spamhaus SBL", ReputationSeverity.High), (cleared.Target, cleared.List, cleared.Severity));
    }

    [Fact]
    public void Errors_timeouts_and_invalid_answers_keep_the_confirmed_state_and_the_streaks()
    {
        var board = Board();
        Apply(board, Round(Answers.A("127.0.0.2")));
        Apply(board, Round(Answers.A("127.0.0.2")));
        Apply(board, Round(Answers.NxDomain()));
        foreach (var noise in new[] { Answers.A("127.255.255.254"), Answers.Timeout(), Answers.A("10.0.0.1"), Answers.Response(Queue.ReputationMonitor.Dns.DnsResponseCode.ServFail) })
        {
            Assert.Empty(Apply(board, Round(noise)));
        }

        var listing = board.Snapshot().Targets.Single().Listings.Single(l => l.List == "Spamhaus SBL");
        Assert.True(listing.Confirmed);
        Assert.Equal(1, listing.ConsecutiveMisses);
        Assert.Equal(LookupOutcome.DnsError, board.Snapshot().Targets.Single().LastOutcome);
    }

    [Fact]
    public void Error_codes_never_confirm_anything()
    {
        var board = Board();
        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(Apply(board, Round(Answers.A("127.255.255.254"))));
        }

        Assert.DoesNotContain(board.Snapshot().Targets.Single().Listings, l => l.Confirmed || l.ConsecutiveHits > 0);
        Assert.Equal(LookupOutcome.ErrorCode, board.Snapshot().Targets.Single().LastOutcome);
    }

    [Fact]
    public void Each_list_of_a_zone_has_its_own_hysteresis()
    {
        var board = Board();
        Apply(board, Round(Answers.A("127.0.0.10")));
        var events = Apply(board, Round(Answers.A("127.0.0.10", "127.0.0.2")));
        var pbl = Assert.IsType<ReputationListingConfirmed>(Assert.Single(events));
        Assert.Equal(("Spamhaus PBL (ISP)", ReputationSeverity.Medium), (pbl.List, pbl.Severity));
        var sbl = Assert.IsType<ReputationListingConfirmed>(Assert.Single(Apply(board, Round(Answers.A("127.0.0.10", "127.0.0.2")))));
        Assert.Equal(("Spamhaus SBL", ReputationSeverity.High), (sbl.List, sbl.Severity));
    }

    [Fact]
    public void An_unhealthy_zone_is_announced_once_and_keeps_every_state()
    {
        var board = Board();
        Apply(board, Round(Answers.A("127.0.0.2")));
        Apply(board, Round(Answers.A("127.0.0.2")));
        var dead = new ZoneRound(Answers.Zen, new ZoneHealth(false, "test entry 127.0.0.1 should not be listed"), []);
        var degraded = Assert.IsType<ReputationMonitorDegraded>(Assert.Single(Apply(board, dead)));
        Assert.Equal("zen.test", degraded.Zone);
        Assert.Contains("should not be listed", degraded.Reason);
        Assert.Empty(Apply(board, dead));
        Assert.True(board.Snapshot().Targets.Single().Listings.Single(l => l.List == "Spamhaus SBL").Confirmed);
        Assert.False(board.Snapshot().Zones.Single().Healthy);
        Assert.Empty(Apply(board, Round(Answers.A("127.0.0.2"))));
        Assert.True(board.Snapshot().Zones.Single().Healthy);
    }

    [Fact]
    public void A_silent_resolver_is_announced_without_a_zone()
    {
        var board = Board();
        var silent = new ZoneRound(Answers.Zen, new ZoneHealth(false, "test entries got no answer", NoAnswer: true), []);
        var events = Apply(board, silent);
        Assert.Contains(events, e => e is ReputationMonitorDegraded { Zone: null });
        Assert.Contains(events, e => e is ReputationMonitorDegraded { Zone: "zen.test" });
        Assert.Empty(Apply(board, silent));
        Assert.False(board.ResolverAnswering);
    }

    [Fact]
    public void More_than_half_of_the_targets_flipping_at_once_makes_the_zone_suspect()
    {
        var targets = new[] { "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4" }.Select(ip => new Target(ip, ReputationTargetKind.IPv4)).ToArray();
        var board = Board(targets.Select(t => t.Value).ToArray());
        Apply(board, Round(targets.Select(t => (t, Answers.NxDomain())).ToArray()));
        var allListed = Round(targets.Select(t => (t, Answers.A("127.0.0.2"))).ToArray());
        var events = Apply(board, allListed);
        var degraded = Assert.IsType<ReputationMonitorDegraded>(Assert.Single(events));
        Assert.Contains("4 of 4 targets changed at once", degraded.Reason);
        Assert.True(board.Snapshot().Zones.Single().Suspect);
        Assert.All(board.Snapshot().Targets, t => Assert.All(t.Listings, l => Assert.Equal(0, l.ConsecutiveHits)));

        // The answers persist: not a flip any more, so they count, and a real mass listing is still confirmed.
        Assert.Empty(Apply(board, allListed));
        Assert.Equal(4, Apply(board, allListed).Count);
    }

    [Fact]
    public void Half_or_fewer_flipping_is_an_ordinary_change()
    {
        var targets = new[] { "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4" }.Select(ip => new Target(ip, ReputationTargetKind.IPv4)).ToArray();
        var board = Board(targets.Select(t => t.Value).ToArray());
        Apply(board, Round(targets.Select(t => (t, Answers.NxDomain())).ToArray()));
        var half = Round(targets.Select((t, i) => (t, i < 2 ? Answers.A("127.0.0.2") : Answers.NxDomain())).ToArray());
        Apply(board, half);
        Assert.Equal(2, Apply(board, half).Count);
        Assert.False(board.Snapshot().Zones.Single().Suspect);
    }

    [Fact]
    public void A_single_target_zone_is_never_suspect_for_a_real_listing()
    {
        var board = Board();
        Apply(board, Round(Answers.NxDomain()));
        Apply(board, Round(Answers.A("127.0.0.2")));
        Assert.IsType<ReputationListingConfirmed>(Assert.Single(Apply(board, Round(Answers.A("127.0.0.2")))));
    }

    [Fact]
    public void Restored_state_is_silent_and_clears_as_usual()
    {
        var before = Board();
        Apply(before, Round(Answers.A("127.0.0.2")));
        Apply(before, Round(Answers.A("127.0.0.2")));

        var after = Board();
        after.Restore(before.Snapshot());
        Assert.Empty(Apply(after, Round(Answers.A("127.0.0.2"))));
        Assert.True(after.Snapshot().Targets.Single().Listings.Single(l => l.List == "Spamhaus SBL").Confirmed);
        Apply(after, Round(Answers.NxDomain()));
        Apply(after, Round(Answers.NxDomain()));
        Assert.IsType<ReputationListingCleared>(Assert.Single(Apply(after, Round(Answers.NxDomain()))));
    }

    [Fact]
    public void A_failed_auth_lookup_keeps_the_last_known_result()
    {
        var board = Board();
        var pass = new AuthCheckStatus { Target = "pasto.test", Check = "spf", Outcome = AuthCheckOutcome.Pass, Detail = "v=spf1 -all" };
        board.ApplyAuth([pass]);
        board.ApplyAuth([pass with { Outcome = AuthCheckOutcome.Unknown, Detail = "timeout" }]);
        Assert.Equal(pass, board.Snapshot().AuthChecks.Single());
        board.ApplyAuth([pass with { Outcome = AuthCheckOutcome.Fail, Detail = "no v=spf1 record" }]);
        Assert.Equal(AuthCheckOutcome.Fail, board.Snapshot().AuthChecks.Single().Outcome);
    }
}
