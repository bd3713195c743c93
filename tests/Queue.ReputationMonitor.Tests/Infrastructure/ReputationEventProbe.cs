using System.Collections.Concurrent;
using System.Text.Json;
using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>
/// Hears the monitor's events with plain RabbitMQ.Client in the test's virtual host, as the dispatcher or any other
/// language would: one exclusive queue bound to each event's fanout exchange.
/// </summary>
sealed class ReputationEventProbe : IAsyncDisposable
{
    static readonly Type[] EventTypes = [typeof(ReputationListingConfirmed), typeof(ReputationListingCleared), typeof(ReputationMonitorDegraded)];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly ConcurrentQueue<(string Type, JsonElement Body)> events = new();
    readonly IConnection connection;
    readonly IChannel channel;

    ReputationEventProbe(IConnection connection, IChannel channel) => (this.connection, this.channel) = (connection, channel);

    public static async Task<ReputationEventProbe> StartAsync(string vhost)
    {
        var factory = new ConnectionFactory
        {
            HostName = TestServers.RabbitHost, Port = TestServers.RabbitPort, VirtualHost = vhost, UserName = "guest", Password = "guest",
        };
        var connection = await factory.CreateConnectionAsync("reputation-tests-probe");
        var channel = await connection.CreateChannelAsync();
        var probe = new ReputationEventProbe(connection, channel);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in EventTypes.Select(t => $"{t.Namespace}:{t.Name}"))
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, "");
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var urn = envelope.RootElement.GetProperty("messageType")[0].GetString()!;
            probe.events.Enqueue((urn[(urn.LastIndexOf(':') + 1)..], envelope.RootElement.GetProperty("message").Clone()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return probe;
    }

    public IReadOnlyList<T> All<T>() => events.Where(e => e.Type == typeof(T).Name).Select(e => e.Body.Deserialize<T>(Json)!).ToList();

    public string Seen => string.Join(", ", events.Select(e => $"{e.Type} {e.Body}"));

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (All<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no matching {typeof(T).Name}; events seen: {Seen}");
    }

    /// <summary>
    /// Lets in-flight deliveries arrive before a test asserts that something was NOT published. The monitor's
    /// publishes are broker-confirmed before its round returns, so only the last hop to this consumer remains.
    /// </summary>
    public Task SettleAsync() => Task.Delay(TimeSpan.FromMilliseconds(500));

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
