using Queue.Contracts;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Integration;

/// <summary>
/// One sending IP on one zone whose answers change between rounds (dnsmasq restarted with other records), with every
/// event heard on the real broker: confirmed after two hits, cleared after three misses, nothing for errors.
/// </summary>
public sealed class ListingLifecycleTests : IAsyncLifetime
{
    const string Ip = "192.0.2.10";
    Dnsmasq dns = null!;
    MonitorRig rig = null!;

    static TestZones Answering(params string[] codes)
    {
        var zones = new TestZones().Rfc5782Zone("zen.test");
        return codes.Length == 0 ? zones : zones.Listed("zen.test", Ip, codes, "listed for the test");
    }

    public async Task InitializeAsync()
    {
        dns = await Dnsmasq.StartAsync(Answering("127.0.0.2"));
        rig = await MonitorRig.StartAsync(new MonitorSettings
        {
            Targets = new TargetsOptions { SendingIps = [Ip] },
            Zones = [ShippedZones.Get("zen.spamhaus.org", ReputationTargetKind.IPv4, "zen.test")],
            // A timeout in a round would hold the hysteresis back: generous, since dnsmasq answers in a millisecond.
            Dns = new ResolverOptions { Servers = [dns.Endpoint], Timeout = TimeSpan.FromSeconds(1), Attempts = 2 },
        });
    }

    public async Task DisposeAsync()
    {
        await rig.DisposeAsync();
        dns.Dispose();
    }

    IReadOnlyList<ReputationListingConfirmed> Confirmed => rig.Events.All<ReputationListingConfirmed>();

    IReadOnlyList<ReputationListingCleared> Cleared => rig.Events.All<ReputationListingCleared>();

    async Task<bool> ConfirmedInStatusAsync() =>
        (await rig.SavedStatusAsync()).ConfirmedListings().Any(l => l.Target.Target == Ip && l.Listing.List == "Spamhaus SBL");

    async Task ConfirmAsync()
    {
        await rig.RoundsAsync(2);
        await rig.Events.WaitForAsync<ReputationListingConfirmed>(e => e.Target == Ip);
    }

    [Fact]
    public async Task Confirmed_after_two_hits_cleared_after_three_misses_and_errors_change_nothing()
    {
        await rig.RoundsAsync(1);
        await rig.Events.SettleAsync();
        Assert.Empty(Confirmed);

        await rig.RoundsAsync(1);
        var confirmed = await rig.Events.WaitForAsync<ReputationListingConfirmed>(e => e.Target == Ip);
        Assert.Equal(("Spamhaus SBL", ReputationSeverity.High, "listed for the test"), (confirmed.List, confirmed.Severity, confirmed.Reason));

        foreach (var error in new[] { "127.255.255.254", "127.255.255.255", "127.255.255.252" })
        {
            await dns.RestartAsync(Answering(error));
            await rig.RoundsAsync(1);
        }

        await dns.RestartAsync(Answering());
        await rig.RoundsAsync(2);
        await rig.Events.SettleAsync();
        Assert.Empty(Cleared);
        Assert.True(await ConfirmedInStatusAsync());

        await rig.RoundsAsync(1);
        var cleared = await rig.Events.WaitForAsync<ReputationListingCleared>(e => e.Target == Ip);
        Assert.Equal(("zen.test", "Spamhaus SBL", ReputationSeverity.High), (cleared.Zone, cleared.List, cleared.Severity));
        Assert.Single(Confirmed);
        Assert.False(await ConfirmedInStatusAsync());
    }

    [Fact]
    public async Task A_restarted_monitor_restores_its_state_silently_and_still_clears()
    {
        await ConfirmAsync();
        await rig.RestartHostAsync();
        await rig.RoundsAsync(2);
        await rig.Events.SettleAsync();
        Assert.Single(Confirmed);
        Assert.True(await ConfirmedInStatusAsync());

        await dns.RestartAsync(Answering());
        await rig.RestartHostAsync();
        await rig.RoundsAsync(3);
        await rig.Events.WaitForAsync<ReputationListingCleared>(e => e.Target == Ip);
    }

    [Fact]
    public async Task A_silent_resolver_degrades_the_monitor_and_keeps_the_listing()
    {
        await ConfirmAsync();
        dns.Stop();
        using (var silent = new SilentDnsServer(dns.Port))
        {
            await rig.RoundsAsync(1);
            var degraded = await rig.Events.WaitForAsync<ReputationMonitorDegraded>(e => e.Zone is null);
            Assert.Contains("the resolver does not answer", degraded.Reason);
            await rig.Events.WaitForAsync<ReputationMonitorDegraded>(e => e.Zone == "zen.test");
            Assert.True(silent.Received > 0);
        }

        await rig.Events.SettleAsync();
        Assert.Empty(Cleared);
        Assert.Equal(2, rig.Events.All<ReputationMonitorDegraded>().Count);
        Assert.True(await ConfirmedInStatusAsync());
        Assert.False((await rig.SavedStatusAsync()).Zones.Single().Healthy);
        using (var http = rig.Http())
        {
            var ready = await http.GetAsync("/health/ready");
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        }

        await dns.RestartAsync(Answering("127.0.0.2"));
        await rig.RoundsAsync(1);
        Assert.True((await rig.SavedStatusAsync()).Zones.Single().Healthy);
        Assert.True(rig.Board.ResolverAnswering);
        Assert.Single(Confirmed);
    }
}
