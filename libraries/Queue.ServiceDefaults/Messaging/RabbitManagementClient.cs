using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Queue.ServiceDefaults.Messaging;

/// <summary>
/// Queue depths from the RabbitMQ management API (<c>GET /api/queues/{vhost}/{name}</c>), for metrics and
/// operations. RabbitMQ 3.10 gives <c>head_message_timestamp</c> only when the head message carries an AMQP timestamp
/// and the queue is not a priority queue, which lanes are.
/// </summary>
public sealed class RabbitManagementClient(HttpClient http, IOptions<RabbitMqOptions> rabbit, ILogger<RabbitManagementClient> logger)
{
    // Only what a depth needs: the full queue document is ~1.5 KB, fetched and parsed at every sample.
    const string DepthColumns = "messages_ready,messages_unacknowledged,consumers,head_message_timestamp";

    /// <summary>The queue's depth and consumers; null while the management API does not answer.</summary>
    public async Task<QueueDepth?> DepthAsync(string queue, CancellationToken cancellationToken)
    {
        var broker = rabbit.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(broker.ManagementUrl, $"api/queues/{Uri.EscapeDataString(broker.VirtualHost)}/{Uri.EscapeDataString(queue)}?columns={DepthColumns}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.UserName}:{broker.Password}")));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new QueueDepth(0, 0, 0, null, Exists: false);
            }

            response.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = json.RootElement;
            long Number(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
            DateTimeOffset? head = root.TryGetProperty("head_message_timestamp", out var t) && t.ValueKind == JsonValueKind.Number
                ? DateTimeOffset.FromUnixTimeSeconds(t.GetInt64()) : null;
            return new QueueDepth(Number("messages_ready"), Number("messages_unacknowledged"), (int)Number("consumers"), head, Exists: true);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            logger.LogWarning("RabbitMQ management API unavailable for {Queue}: {Error}", queue, e.Message);
            return null;
        }
    }
}

/// <param name="Consumers">Consumers attached now: for a lane, 0 while every dispatcher replica holds it.</param>
public sealed record QueueDepth(long Ready, long Unacknowledged, int Consumers, DateTimeOffset? HeadMessageAt, bool Exists);
