using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Queue.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Queue.Testing;

/// <summary>
/// A plain AMQP client (no MassTransit) in one virtual host, as the dispatcher or any other language would be: hears
/// the events Queue publishes (one exclusive queue bound to each event's fanout exchange) and publishes raw
/// envelopes as a non-.NET application would.
/// </summary>
public sealed class EventProbe : IAsyncDisposable
{
    static readonly Type[] LifecycleEvents =
    [
        typeof(EmailAccepted), typeof(EmailRejected), typeof(EmailDeferred), typeof(EmailSent), typeof(EmailFailed),
        typeof(EmailHeld), typeof(EmailSplit), typeof(EmailApprovalDecided), typeof(SendingHoldsChanged),
        typeof(EmailBounced), typeof(EmailComplained),
    ];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly ConcurrentQueue<(string Type, JsonElement Message)> received = new();
    IConnection connection = null!;
    IChannel channel = null!;

    /// <summary>Hears every lifecycle event of a mail request.</summary>
    public static Task<EventProbe> StartAsync(string vhost) => StartAsync(vhost, LifecycleEvents);

    /// <summary>Hears the given contract events only.</summary>
    public static async Task<EventProbe> StartAsync(string vhost, IReadOnlyCollection<Type> events)
    {
        var probe = new EventProbe();
        var factory = new ConnectionFactory { HostName = TestServers.RabbitHost, Port = TestServers.RabbitPort, VirtualHost = vhost, UserName = "guest", Password = "guest" };
        probe.connection = await factory.CreateConnectionAsync("queue-tests-probe");
        probe.channel = await probe.connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = (await probe.channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in events.Select(t => $"{t.Namespace}:{t.Name}"))
        {
            // Declared as MassTransit declares its publish exchanges, so either side may come first.
            await probe.channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await probe.channel.QueueBindAsync(queue, exchange, "");
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

    public IReadOnlyList<T> All<T>() =>
        received.Where(e => e.Type == typeof(T).Name).Select(e => e.Message.Deserialize<T>(Json)!).ToList();

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

    /// <summary>
    /// Lets in-flight deliveries arrive before a test asserts that something was NOT published, where the publisher
    /// confirms its publishes before the step under test returns, so only the last hop to this consumer remains.
    /// </summary>
    public Task SettleAsync() => Task.Delay(TimeSpan.FromMilliseconds(500));

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
