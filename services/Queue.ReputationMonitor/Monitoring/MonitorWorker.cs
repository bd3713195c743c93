using Microsoft.Extensions.Options;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Monitoring;

/// <summary>Runs what is due, then sleeps until the next thing is due. A failing round is logged and tried again later.</summary>
public sealed class MonitorWorker(ReputationRounds monitor, IOptions<ScheduleOptions> options, TimeProvider clock, ILogger<MonitorWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var schedule = new MonitorSchedule(options.Value, monitor.Zones.Select(z => z.Key), clock.GetUtcNow(), Random.Shared);
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = schedule.DueZones(clock.GetUtcNow());
            foreach (var zone in monitor.Zones.Where(z => due.Contains(z.Key)))
            {
                await RunAsync($"zone {zone.Key}", () => monitor.CheckZoneAsync(zone, stoppingToken));
                schedule.ZoneDone(zone.Key, clock.GetUtcNow());
            }

            if (schedule.AuthDue(clock.GetUtcNow()))
            {
                await RunAsync("authentication checks", () => monitor.CheckAuthAsync(stoppingToken));
                schedule.AuthDone(clock.GetUtcNow());
            }

            var wait = schedule.NextDue - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
        }
    }

    async Task RunAsync(string what, Func<Task> round)
    {
        try
        {
            await round();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The round of {What} failed; it runs again at its next turn", what);
        }
    }
}
