using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.Dispatcher.ReadModel;
using Queue.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Queue.Gateway.Operations;

/// <summary>
/// Lists, re-publishes and purges the requests the intake set aside (<see cref="DeadLetterQueues"/>), with plain
/// RabbitMQ.Client: each message is fetched unacknowledged, and acknowledged only once it was re-published with a
/// broker confirmation (or is to be purged); every other one goes back to its queue, so nothing is lost midway.
/// </summary>
public sealed class DeadLetterStore(IOptions<RabbitMqOptions> rabbit, DispatcherReadModel dispatcher)
{
    /// <summary>Messages looked at per queue in one call; more stay for the next.</summary>
    public const int Scan = 500;

    public async Task<DeadLetterView> ListAsync(int count, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>();
        var items = new List<DeadLetter>();
        await WithChannelAsync(async (connection, channel) =>
        {
            var queues = await ExistingAsync(connection, null, cancellationToken);
            foreach (var (reason, _, depth) in queues)
            {
                counts[reason] = depth;
            }

            if (count == 0)
            {
                return;
            }

            foreach (var (reason, queue, _) in queues)
            {
                var taken = await TakeAsync(channel, reason, queue, Math.Min(count, Scan), cancellationToken);
                items.AddRange(taken.Select(t => t.Letter));
                if (taken.Count > 0)
                {
                    await channel.BasicNackAsync(taken[^1].Tag, multiple: true, requeue: true, cancellationToken);
                }
            }
        }, cancellationToken);
        return new DeadLetterView(counts, items);
    }

    /// <summary>Re-publishes to the intake (<paramref name="republish"/>) or drops the matching messages.</summary>
    /// <param name="reason">Only this queue's (<see cref="DeadLetterQueues"/> reason); null for both.</param>
    /// <param name="messageId">Only this message; null for all.</param>
    public async Task<DeadLetterAction> ActAsync(bool republish, string? reason, string? messageId, CancellationToken cancellationToken)
    {
        var done = new List<string?>();
        await WithChannelAsync(async (connection, channel) =>
        {
            var queues = await ExistingAsync(connection, reason, cancellationToken);
            foreach (var (name, queue, _) in queues)
            {
                var taken = await TakeAsync(channel, name, queue, Scan, cancellationToken);
                foreach (var (letter, tag, message) in taken)
                {
                    if (messageId is not null && letter.MessageId != messageId)
                    {
                        await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
                        continue;
                    }

                    if (republish)
                    {
                        var properties = new BasicProperties(message.BasicProperties) { Persistent = true };
                        properties.Headers = properties.Headers?.Where(h => !h.Key.StartsWith("MT-Fault", StringComparison.Ordinal) && h.Key != "MT-Reason")
                            .ToDictionary(h => h.Key, h => h.Value);
                        await channel.BasicPublishAsync("", dispatcher.RequestQueue, mandatory: true, properties, message.Body, cancellationToken);
                    }

                    await channel.BasicAckAsync(tag, multiple: false, cancellationToken);
                    done.Add(letter.MessageId);
                }
            }
        }, cancellationToken);
        return new DeadLetterAction(republish ? "republish" : "purge", done.Count, done);
    }

    async Task WithChannelAsync(Func<IConnection, IChannel, Task> work, CancellationToken cancellationToken)
    {
        var options = rabbit.Value;
        var factory = new ConnectionFactory
        {
            HostName = options.Host, Port = options.Port, VirtualHost = options.VirtualHost, UserName = options.UserName, Password = options.Password,
            ClientProvidedName = "queue-gateway-dead-letters",
        };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await work(connection, channel);
    }

    /// <summary>
    /// The dead-letter queues that exist (MassTransit declares one when it first sets a message aside), with their
    /// depth: a passive declare each, on a channel of its own, since a missing queue closes the channel it was asked on.
    /// </summary>
    async Task<List<(string Reason, string Queue, long Depth)>> ExistingAsync(IConnection connection, string? reason, CancellationToken cancellationToken)
    {
        var found = new List<(string, string, long)>();
        foreach (var (name, queue) in dispatcher.DeadLetterQueues.Where(q => reason is null || q.Reason == reason))
        {
            await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                found.Add((name, queue, (await probe.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount));
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Not declared: nothing was ever set aside there.
            }
        }

        return found;
    }

    static async Task<List<(DeadLetter Letter, ulong Tag, BasicGetResult Message)>> TakeAsync(
        IChannel channel, string reason, string queue, int count, CancellationToken cancellationToken)
    {
        var taken = new List<(DeadLetter, ulong, BasicGetResult)>();
        while (taken.Count < count && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
        {
            taken.Add((Describe(reason, queue, message), message.DeliveryTag, message));
        }

        return taken;
    }

    static DeadLetter Describe(string reason, string queue, BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        string? Header(string name) => headers.TryGetValue(name, out var v) ? v switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            var other => other.ToString(),
        } : null;

        DateTimeOffset? at = DateTimeOffset.TryParse(Header("MT-Fault-Timestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t
            : message.BasicProperties.Timestamp.UnixTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(message.BasicProperties.Timestamp.UnixTime) : null;
        var why = Header("MT-Fault-Message") ?? (reason == DeadLetterQueues.UnknownType
            ? $"no consumer for its message type ({Header("Content-Type") ?? message.BasicProperties.Type ?? "unknown"})"
            : Header("MT-Reason") ?? "set aside by the intake");
        return new DeadLetter(reason, queue, message.BasicProperties.MessageId, RequestIdOf(message.Body), at, why);
    }

    static Guid? RequestIdOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : root;
            return message.ValueKind == JsonValueKind.Object && message.TryGetProperty("requestId", out var r) && r.ValueKind == JsonValueKind.String
                && Guid.TryParse(r.GetString(), out var id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
