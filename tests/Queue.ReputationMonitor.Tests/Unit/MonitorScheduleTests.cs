using Queue.ReputationMonitor.Monitoring;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Unit;

public class MonitorScheduleTests
{
    readonly FakeTimeProvider clock = new();
    readonly ScheduleOptions options = new();

    [Fact]
    public void Everything_is_due_at_start()
    {
        var schedule = new MonitorSchedule(options, ["a", "b"], clock.GetUtcNow(), new Random(1));
        Assert.Equal(["a", "b"], schedule.DueZones(clock.GetUtcNow()));
        Assert.True(schedule.AuthDue(clock.GetUtcNow()));
    }

    [Fact]
    public void Each_zone_waits_between_the_min_and_max_interval_and_zones_drift_apart()
    {
        var zones = Enumerable.Range(0, 50).Select(i => $"zone{i}").ToList();
        var schedule = new MonitorSchedule(options, zones, clock.GetUtcNow(), new Random(7));
        foreach (var zone in zones)
        {
            schedule.ZoneDone(zone, clock.GetUtcNow());
        }

        schedule.AuthDone(clock.GetUtcNow());

        var waits = zones.Select(z => schedule.ZoneDue(z) - clock.GetUtcNow()).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)));
        Assert.True(waits.Distinct().Count() > 40, "the jitter spreads the zones");
        Assert.Empty(schedule.DueZones(clock.GetUtcNow()));
        Assert.Equal(waits.Min(), schedule.NextDue - clock.GetUtcNow());

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(50, schedule.DueZones(clock.GetUtcNow()).Count);
    }

    [Fact]
    public void The_auth_checks_run_every_auth_interval()
    {
        var schedule = new MonitorSchedule(options, [], clock.GetUtcNow(), new Random(1));
        schedule.AuthDone(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(schedule.AuthDue(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(schedule.AuthDue(clock.GetUtcNow()));
    }
}
