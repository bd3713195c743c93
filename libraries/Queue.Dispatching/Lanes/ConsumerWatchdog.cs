using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Dispatching.Lanes;

/// <summary>
/// Restores a receive endpoint that lost its broker consumer and did not get it back. After a RabbitMQ restart with
/// messages in flight, MassTransit 8 now and then leaves an endpoint connected to nothing (MassTransit issues 2072,
/// 5692, 6095): no error, healthy, and its queue fills while nothing reads it. The broker is the only witness, so
/// this asks its management API, per queue this process should be consuming, whether anybody consumes it; a queue
/// without a consumer for a few looks gets its endpoint restarted, and if that does not help the process stops
/// with a failure code so its supervisor (Kubernetes, systemd, compose) starts a fresh one.
/// </summary>
public sealed class ConsumerWatchdog(
    LaneDirectory lanes, RabbitManagementClient broker, IOptions<ConsumerWatchdogOptions> options, IHostApplicationLifetime lifetime,
    TimeProvider clock, ILogger<ConsumerWatchdog> logger) : BackgroundService, IReceiveEndpointObserver
{
    // A detached endpoint may hang in its stop: bounded, so a restart that does not help soon leads to the exit.
    static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(10);

    readonly ConcurrentDictionary<string, IReceiveEndpoint> endpoints = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var watch = new ConsumerWatch(settings.Strikes, settings.MaxRestarts);
        using var timer = new PeriodicTimer(settings.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Restarts run side by side: one at a time, several detached endpoints would delay the exit by minutes.
            var restarts = new List<Task>();
            foreach (var (queue, endpoint) in endpoints)
            {
                var lane = lanes.ForQueue(queue);
                var expected = lane is null || lane.PausedUntil is null;
                var depth = expected ? await broker.DepthAsync(queue, stoppingToken) : null;
                var consumers = depth is { Exists: true } ? depth.Consumers : (int?)null;
                switch (watch.Observe(queue, expected, consumers))
                {
                    case ConsumerWatchAction.RestartEndpoint:
                        logger.LogError("Queue {Queue} has had no consumer for {Looks} looks although this dispatcher should consume it " +
                            "({Ready} waiting); restarting its endpoint", queue, settings.Strikes, depth!.Ready);
                        restarts.Add(RestartAsync(queue, lane, endpoint));
                        break;
                    case ConsumerWatchAction.StopProcess:
                        logger.LogCritical("Queue {Queue} still has no consumer after {Restarts} endpoint restarts; stopping so that the " +
                            "supervisor starts this dispatcher anew", queue, settings.MaxRestarts);
                        await Task.WhenAll(restarts);
                        Environment.ExitCode = 1;
                        lifetime.StopApplication();
                        return;
                }
            }

            await Task.WhenAll(restarts);
        }
    }

    async Task RestartAsync(string queue, Lane? lane, IReceiveEndpoint endpoint)
    {
        try
        {
            if (lane is not null)
            {
                // Through the lane, so a restart never races a hold that stops or starts the same endpoint.
                await lane.RestartAsync(RestartTimeout);
                return;
            }

            await endpoint.Stop().WaitAsync(RestartTimeout);
            await endpoint.Start().Ready.WaitAsync(RestartTimeout);
        }
        catch (Exception e)
        {
            logger.LogError("Restarting the endpoint of {Queue} failed ({Error}); the next look tries again", queue, e.Message);
        }
    }

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        // rabbitmq://host/vhost/queue?options: the queue is the last segment of the path.
        var queue = Uri.UnescapeDataString(ready.InputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        endpoints[queue] = ready.ReceiveEndpoint;
        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
