using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Queue.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>
/// A plain AMQP client (no MassTransit) in one virtual host: hears every lifecycle event Queue publishes and
/// publishes raw envelopes as a non-.NET application would.
/// </summary>
sealed class EventProbe : IAsyncDisposable
{
    static readonly string[] EventTypes =
    [
        nameof(EmailAccepted), nameof(EmailRejected), nameof(EmailDeferred), nameof(EmailSent), nameof(EmailFailed),
        nameof(EmailHeld), nameof(EmailSplit), nameof(EmailApprovalDecided), nameof(SendingHoldsChanged),
        nameof(EmailBounced), nameof(EmailComplained),
    ];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly ConcurrentQueue<(string Type, JsonElement Message)> received = new();
    IConnection connection = null!;
    IChannel channel = null!;

    public static async Task<EventProbe> StartAsync(string vhost)
    {
        var probe = new EventProbe();
        var factory = new ConnectionFactory { HostName = TestServers.RabbitHost, Port = TestServers.RabbitPort, VirtualHost = vhost, UserName = "guest", Password = "guest" };
        probe.connection = await factory.CreateConnectionAsync("queue-tests-probe");
        probe.channel = await probe.connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = (await probe.channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var type in EventTypes)
        {
            // Declared as MassTransit declares its publish exchanges, so either side may come first.
            await probe.channel.ExchangeDeclareAsync($"Queue.Contracts:{type}", ExchangeType.Fanout, durable: true, autoDelete: false);
            await probe.channel.QueueBindAsync(queue, $"Queue.Contracts:{type}", "");
        }

        var consumer = new AsyncEventingBasicConsumer(probe.channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var urn = envelope.RootElement.GetProperty("messageType")[0].GetString()!;
            probe.received.Enqueue((urn[(urn.LastIndexOf(':') + 1)..], envelope.RootElement.GetProperty("message").Clone()));
            return Task.CompletedTask;
        };
        await probe.channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return probe;
    }

    public IEnumerable<T> All<T>() =>
        received.Where(e => e.Type == typeof(T).Name).Select(e => e.Message.Deserialize<T>(Json)!);

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (All<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        var seen = string.Join(", ", received.Select(e => e.Type));
        throw new TimeoutException($"no matching {typeof(T).Name} within the timeout; events seen: {seen}");
    }

    public Task<T> WaitForAsync<T>(Guid requestId, TimeSpan? timeout = null) where T : class =>
        WaitForAsync<T>(e => (Guid)typeof(T).GetProperty("RequestId")!.GetValue(e)! == requestId, timeout);

    /// <summary>Publishes bytes to an exchange with broker confirmation, as any AMQP client can.</summary>
    public async Task PublishRawAsync(string exchange, byte[] body, string contentType = "application/vnd.masstransit+json")
    {
        var properties = new BasicProperties { ContentType = contentType, DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, body);
    }

    public Task PublishRawAsync(string exchange, string body) => PublishRawAsync(exchange, Encoding.UTF8.GetBytes(body));

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
