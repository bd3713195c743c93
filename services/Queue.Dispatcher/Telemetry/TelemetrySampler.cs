using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.Dispatcher.Lanes;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Dispatcher.Telemetry;

/// <summary>
/// Samples quota usage (Redis) and lane depth (RabbitMQ management API) for the gauges. It runs only while metrics
/// are exported, so an idle Queue without telemetry makes no calls at all.
/// </summary>
public sealed class TelemetrySampler(
    DispatcherGauges gauges, LaneDirectory lanes, RedisQuotaGate quotas, IOptions<RabbitMqOptions> rabbit, IOptions<TelemetryOptions> options,
    TimeProvider clock, ILogger<TelemetrySampler> logger) : BackgroundService
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Sample)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = rabbit.Value.ManagementUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.Value.UserName}:{rabbit.Value.Password}")));
        using var timer = new PeriodicTimer(options.Value.SampleInterval, clock);
        do
        {
            try
            {
                gauges.Update(await SampleAsync(http, stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Telemetry sample failed ({Error}); the gauges keep the last one", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<DispatcherGauges.Snapshot> SampleAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var quotaSamples = new List<(string, QuotaUsage)>();
        var laneSamples = new List<DispatcherGauges.LaneSample>();
        var vhost = Uri.EscapeDataString(rabbit.Value.VirtualHost);
        foreach (var lane in lanes.All)
        {
            quotaSamples.AddRange((await quotas.UsageAsync(lane.Account)).Select(u => (lane.Account, u)));
            using var response = await http.GetAsync($"api/queues/{vhost}/{Uri.EscapeDataString(lane.QueueName)}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }

            var queue = await response.Content.ReadFromJsonAsync<QueueInfo>(Json, cancellationToken);
            var age = queue?.HeadMessageTimestamp is { } head && queue.Messages > 0 ? clock.GetUtcNow().ToUnixTimeSeconds() - head : 0;
            laneSamples.Add(new DispatcherGauges.LaneSample(lane.Account, queue?.Messages ?? 0, Math.Max(0, age)));
        }

        return new DispatcherGauges.Snapshot(quotaSamples, laneSamples);
    }

    sealed record QueueInfo(long Messages, [property: System.Text.Json.Serialization.JsonPropertyName("head_message_timestamp")] long? HeadMessageTimestamp);
}
