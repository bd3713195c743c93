using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Queue.Bench.Infrastructure;

/// <summary>Hears the lifecycle events Queue publishes in a virtual host (a plain AMQP queue bound to their exchanges) and when each arrived.</summary>
public sealed class EventTap
{
    readonly ConcurrentQueue<(string Type, long Timestamp, JsonElement Message)> received = new();

    public static async Task<EventTap> StartAsync(BenchVhost vhost, params string[] eventTypes)
    {
        var tap = new EventTap();
        var channel = await vhost.OpenChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var type in eventTypes)
        {
            // Declared as MassTransit declares its publish exchanges, so either side may come first.
            await channel.ExchangeDeclareAsync($"Queue.Contracts:{type}", ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, $"Queue.Contracts:{type}", "");
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var at = Stopwatch.GetTimestamp();
            using var envelope = JsonDocument.Parse(delivery.Body);
            var urn = envelope.RootElement.GetProperty("messageType")[0].GetString()!;
            tap.received.Enqueue((urn[(urn.LastIndexOf(':') + 1)..], at, envelope.RootElement.GetProperty("message").Clone()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return tap;
    }

    /// <summary>The first event of <paramref name="type"/> about <paramref name="requestId"/>, with when it arrived.</summary>
    public (long Timestamp, JsonElement Message)? Find(string type, Guid requestId)
    {
        foreach (var (t, at, message) in received)
        {
            if (t == type && message.TryGetProperty("requestId", out var id) && id.GetGuid() == requestId)
            {
                return (at, message);
            }
        }

        return null;
    }
}
