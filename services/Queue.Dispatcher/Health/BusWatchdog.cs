using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Dispatcher.Lanes;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Dispatcher.Health;

/// <summary>
/// MassTransit 8.4.0 can leave a receive endpoint without a consumer after the broker drops the connection while a
/// message is being consumed (the consume loop never hears the channel close). The watchdog sees a queue of ours
/// with requests waiting and nobody consuming, restarts the bus, and if that does not help stops the process with a
/// failure code so its supervisor (systemd, Kubernetes, compose) starts it again. Nothing is lost either way: every
/// request not yet acknowledged is redelivered, and the ledger keeps it from being sent twice.
/// </summary>
public sealed class BusWatchdog(
    IBusControl bus, LaneDirectory lanes, IOptions<DispatcherOptions> dispatcher, RabbitManagementClient broker,
    IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<BusWatchdog> logger) : BackgroundService
{
    readonly Dictionary<string, int> strikes = [];
    int restarts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = dispatcher.Value;
        if (settings.WatchdogInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.WatchdogInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (await StuckQueueAsync(stoppingToken) is { } queue)
            {
                await RecoverAsync(queue, stoppingToken);
            }
        }
    }

    /// <summary>A queue that has had waiting requests and no consumer for three checks in a row.</summary>
    async Task<string?> StuckQueueAsync(CancellationToken cancellationToken)
    {
        var running = lanes.All.Where(l => l.PausedUntil is null).Select(l => l.QueueName).Prepend(dispatcher.Value.QueueName);
        foreach (var queue in running)
        {
            // Without an answer (the broker is down too) there is nothing to judge yet.
            var depth = await broker.DepthAsync(queue, cancellationToken);
            strikes[queue] = depth is { Exists: true, Ready: > 0, Consumers: 0 } ? strikes.GetValueOrDefault(queue) + 1 : 0;
            if (strikes[queue] >= 3)
            {
                return queue;
            }
        }

        return null;
    }

    async Task RecoverAsync(string queue, CancellationToken cancellationToken)
    {
        strikes.Clear();
        if (restarts++ == 0)
        {
            logger.LogError("Queue {Queue} has requests waiting and no consumer; restarting the bus", queue);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await bus.StopAsync(timeout.Token);
                await bus.StartAsync(timeout.Token);
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                logger.LogError("The bus did not restart in time ({Error})", e.Message);
            }
        }

        logger.LogCritical("Queue {Queue} still has no consumer; stopping so the supervisor starts the dispatcher again", queue);
        Environment.ExitCode = 75;
        lifetime.StopApplication();
    }
}
