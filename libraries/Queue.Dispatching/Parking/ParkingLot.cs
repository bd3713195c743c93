using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Queue.Dispatching.Parking;

/// <summary>
/// Puts a request back durably: into a lane now, or aside until a later time. There is no delayed-exchange
/// plugin, so waiting uses a set of queues with a fixed message TTL that dead-letter through the default
/// exchange by the message's own routing key, which names the queue to return to. Each wait queue holds one
/// delay, so messages expire in order; a longer wait hops through several. The due time travels in a header,
/// so a request that comes back early is parked again without touching Redis or publishing anything.
/// Sends go through the bus, not the consume context: a lane that pauses stops its receive endpoint, and with it the
/// context's send transports, while its consumers may still be putting requests back.
/// </summary>
public sealed class ParkingLot(
    IOptions<DispatcherOptions> dispatcher, IOptions<RabbitMqOptions> rabbit, IServiceProvider services, TimeProvider clock, ILogger<ParkingLot> logger) : ILaneParking
{
    public const string AttemptHeader = "Queue-Attempt";
    public const string DueHeader = "Queue-Due";
    public const string AcceptedAtHeader = "Queue-Accepted-At";
    public const string ClaimHeader = "Queue-Claim";

    /// <summary>An earlier attempt may have reached the server (no answer to the whole message, or its process died).</summary>
    public const string InDoubtHeader = "Queue-In-Doubt";

    internal static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1),
    ];

    static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);

    readonly SemaphoreSlim declaring = new(1, 1);
    volatile bool declared;

    /// <summary>The longest wait that does not overshoot <paramref name="remaining"/>, and at least the shortest.</summary>
    internal static TimeSpan ChooseDelay(TimeSpan remaining) => Delays.LastOrDefault(d => d <= remaining, Delays[0]);

    internal string WaitQueueName(TimeSpan delay) => $"{dispatcher.Value.QueueName}.delay-{(long)delay.TotalSeconds}s";

    /// <summary>Parks the request until <paramref name="due"/>, then it returns to <paramref name="queue"/>.</summary>
    /// <param name="claimToken">A ledger claim this attempt holds and could not release; the next attempt takes it over.</param>
    /// <param name="inDoubt">This attempt may have reached the server: the next one's outcome says so.</param>
    public Task ParkAsync(ConsumeContext<SendEmail> context, DateTimeOffset due, int attempt, string queue, string? claimToken = null, bool inDoubt = false) =>
        ParkAsync(context, context.Message, due, attempt, queue, claimToken, inDoubt);

    /// <summary>Parks <paramref name="message"/> (a request derived from the one consumed) until <paramref name="due"/>.</summary>
    public async Task ParkAsync(ConsumeContext context, SendEmail message, DateTimeOffset due, int attempt, string queue, string? claimToken = null, bool inDoubt = false)
    {
        await EnsureDeclaredAsync(CancellationToken.None);
        var delay = ChooseDelay(due - clock.GetUtcNow());
        await SendAsync(context, message, WaitQueueName(delay), attempt, send =>
        {
            if (inDoubt)
            {
                send.Headers.Set(InDoubtHeader, true);
            }

            send.Headers.Set(DueHeader, due.ToUnixTimeMilliseconds());
            if (claimToken is not null)
            {
                send.Headers.Set(ClaimHeader, claimToken);
            }

            send.SetRoutingKey(queue);
        });
    }

    /// <summary>Puts the request into <paramref name="queue"/> (a lane) now, with its priority.</summary>
    public Task RequeueAsync(ConsumeContext<SendEmail> context, string queue, int attempt) => SendAsync(context, context.Message, queue, attempt, _ => { });


    /// <summary>Puts <paramref name="message"/> (a request, or a part of one) into <paramref name="queue"/> now.</summary>
    public Task RequeueAsync(ConsumeContext context, SendEmail message, string queue) => SendAsync(context, message, queue, 0, _ => { });

    async Task SendAsync(ConsumeContext context, SendEmail message, string exchange, int attempt, Action<SendContext> configure)
    {
        // When the request was accepted travels with it, and as the AMQP timestamp, so the broker can tell ops the
        // age of the oldest request waiting in a lane.
        var acceptedAt = context.Headers.Get<long>(AcceptedAtHeader) ?? clock.GetUtcNow().ToUnixTimeMilliseconds();
        var inDoubt = InDoubt(context) && message.RequestId == (context as ConsumeContext<SendEmail>)?.Message.RequestId;
        var endpoint = await services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"exchange:{exchange}"));

        // A broker that drops the connection mid-send may never confirm: give up, so the consumer faults, the
        // request is redelivered and the endpoint can reconnect, instead of waiting for ever. Not the consume
        // context's token: a lane pausing cancels it, and the request must still be put back.
        using var timeout = new CancellationTokenSource(SendTimeout);
        await endpoint.Send(message, send =>
        {
            send.Headers.Set(AttemptHeader, attempt);
            send.Headers.Set(AcceptedAtHeader, acceptedAt);
            if (inDoubt)
            {
                send.Headers.Set(InDoubtHeader, true);
            }

            send.Durable = true;
            send.SetPriority(LaneDirectory.PriorityOf(message.Priority));

            // An exchange that routes nowhere must fail the send rather than drop the request.
            if (send.TryGetPayload<RabbitMqSendContext>(out var rabbitSend))
            {
                rabbitSend.Mandatory = true;
                rabbitSend.BasicProperties.Timestamp = new AmqpTimestamp(acceptedAt / 1000);
            }

            configure(send);
        }, timeout.Token);
    }

    /// <summary>When the request is parked until; null when it is not.</summary>
    public static DateTimeOffset? Due(ConsumeContext context) =>
        context.Headers.Get<long>(DueHeader) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static int Attempt(ConsumeContext context) => context.Headers.Get<int>(AttemptHeader) ?? 0;

    /// <summary>Whether an earlier attempt of this request may have reached the server.</summary>
    public static bool InDoubt(ConsumeContext context) => context.Headers.Get<bool>(InDoubtHeader) ?? false;

    /// <summary>The ledger claim an earlier attempt left for this one (see <see cref="ParkAsync"/>).</summary>
    public static string? Claim(ConsumeContext context) => context.Headers.Get<string>(ClaimHeader);

    /// <summary>
    /// Declares the wait queues once per process with plain RabbitMQ.Client: MassTransit cannot set queue
    /// arguments on a send endpoint, and reaches these queues through their exchanges.
    /// </summary>
    async Task EnsureDeclaredAsync(CancellationToken cancellationToken)
    {
        if (declared)
        {
            return;
        }

        await declaring.WaitAsync(cancellationToken);
        try
        {
            if (declared)
            {
                return;
            }

            var options = rabbit.Value;
            var factory = new ConnectionFactory
            {
                HostName = options.Host,
                Port = options.Port,
                VirtualHost = options.VirtualHost,
                UserName = options.UserName,
                Password = options.Password,
                ClientProvidedName = "queue-dispatcher-topology",
            };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            foreach (var delay in Delays)
            {
                var name = WaitQueueName(delay);
                await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>
                {
                    ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                    ["x-dead-letter-exchange"] = "",
                }, cancellationToken: cancellationToken);
                await channel.QueueBindAsync(name, name, "", cancellationToken: cancellationToken);
            }

            declared = true;
            logger.LogInformation("Wait queues declared for {Queue}: {Delays}", dispatcher.Value.QueueName, string.Join(", ", Delays));
        }
        finally
        {
            declaring.Release();
        }
    }
}
