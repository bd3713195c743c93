using Microsoft.Extensions.Options;
using Queue.Dispatching;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Dispatcher.Telemetry;

/// <summary>
/// Samples quota usage (Redis) and lane depth (RabbitMQ management API) for the gauges. It runs only while metrics
/// are exported, so an idle Queue without telemetry makes no calls at all.
/// </summary>
public sealed class TelemetrySampler(
    DispatcherGauges gauges, LaneDirectory lanes, RedisQuotaGate quotas, RabbitManagementClient broker, IOptions<TelemetryOptions> options, IOptions<DispatcherOptions> dispatcher,
    TimeProvider clock, ILogger<TelemetrySampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Sample)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SampleInterval, clock);
        do
        {
            try
            {
                gauges.Update(await SampleAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Telemetry sample failed ({Error}); the gauges keep the last one", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<DispatcherGauges.Snapshot> SampleAsync(CancellationToken cancellationToken)
    {
        var quotaSamples = new List<(string, QuotaUsage)>();
        var laneSamples = new List<DispatcherGauges.LaneSample>();
        foreach (var lane in lanes.All)
        {
            quotaSamples.AddRange((await quotas.UsageAsync(lane.Account)).Select(u => (lane.Account, u)));
            if (await broker.DepthAsync(lane.QueueName, cancellationToken) is not { Exists: true } depth)
            {
                continue;
            }

            var waiting = depth.Ready + depth.Unacknowledged;
            var age = depth.HeadMessageAt is { } head && waiting > 0 ? (clock.GetUtcNow() - head).TotalSeconds : 0;
            laneSamples.Add(new DispatcherGauges.LaneSample(lane.Account, waiting, Math.Max(0, age)));
        }

        var deadLetters = new List<DispatcherGauges.DeadLetterSample>();
        foreach (var (reason, queue) in DeadLetterQueues.Of(dispatcher.Value.QueueName))
        {
            if (await broker.DepthAsync(queue, cancellationToken) is { } depth)
            {
                deadLetters.Add(new DispatcherGauges.DeadLetterSample(reason, depth.Ready + depth.Unacknowledged));
            }
        }

        return new DispatcherGauges.Snapshot(quotaSamples, laneSamples, deadLetters);
    }
}
