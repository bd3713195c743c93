using Queue.Contracts;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Integration;

/// <summary>The service on its own schedule (intervals shortened to a fraction of a second): nobody drives the rounds.</summary>
public sealed class ScheduledMonitorTests
{
    [Fact]
    public async Task The_monitor_confirms_and_clears_by_itself()
    {
        const string ip = "192.0.2.10";
        using var dns = await Dnsmasq.StartAsync(new TestZones().Rfc5782Zone("zen.test").Listed("zen.test", ip, ["127.0.0.2"]));
        await using var rig = await MonitorRig.StartAsync(new MonitorSettings
        {
            Targets = new TargetsOptions { SendingIps = [ip] },
            Zones = [ShippedZones.Get("zen.spamhaus.org", ReputationTargetKind.IPv4, "zen.test")],
            Dns = new ResolverOptions { Servers = [dns.Endpoint], Timeout = TimeSpan.FromSeconds(1), Attempts = 2 },
            Schedule = new ScheduleOptions
            {
                MinInterval = TimeSpan.FromMilliseconds(100), MaxInterval = TimeSpan.FromMilliseconds(200),
                Spacing = TimeSpan.FromMilliseconds(10), AuthInterval = TimeSpan.FromMinutes(5),
            },
        });

        await rig.Events.WaitForAsync<ReputationListingConfirmed>(e => e.Target == ip);
        await dns.RestartAsync(new TestZones().Rfc5782Zone("zen.test"));
        await rig.Events.WaitForAsync<ReputationListingCleared>(e => e.Target == ip);
        var status = await rig.SavedStatusAsync();
        Assert.Single(status.AuthChecks, c => c is { Target: ip, Check: "ptr" });
    }
}
