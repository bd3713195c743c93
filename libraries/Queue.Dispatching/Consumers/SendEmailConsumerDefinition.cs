using MassTransit;
using Microsoft.Extensions.Options;

namespace Queue.Dispatching.Consumers;

/// <summary>The dispatcher's queue: its name and concurrency come from section <c>Dispatcher</c>.</summary>
public sealed class SendEmailConsumerDefinition : ConsumerDefinition<SendEmailConsumer>
{
    readonly TimeSpan infrastructureRetryDelay;

    public SendEmailConsumerDefinition(IOptions<DispatcherOptions> options)
    {
        infrastructureRetryDelay = options.Value.InfrastructureRetryDelay;
        EndpointName = options.Value.QueueName;
        ConcurrentMessageLimit = options.Value.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SendEmailConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Expected outcomes (invalid, deferred, SMTP refusals) are handled inside the consumer; what escapes is a
        // fault of ours, retried briefly in place and then moved to the _error queue with its exception.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Intervals(200, 1000, 5000);
            r.Ignore(typeof(System.Runtime.Serialization.SerializationException), typeof(System.Text.Json.JsonException), typeof(FormatException),
                typeof(StackExchange.Redis.RedisException), typeof(TimeoutException));
        });

        // Admission reads Redis (suppressions, approvals): while Redis is unreachable a request is neither admitted nor
        // set aside in the _error queue; it stays unacknowledged (RabbitMQ keeps it across a crash) and is tried again
        // until Redis returns, as the lanes do (fail closed, nothing lost).
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle(typeof(StackExchange.Redis.RedisException), typeof(TimeoutException));
            // MassTransit lists every interval, so the count is bounded: an hour's worth. Past RabbitMQ's consumer
            // timeout (30 min by default) the broker takes the message back and delivers it afresh anyway.
            r.Interval((int)Math.Ceiling(TimeSpan.FromHours(1) / infrastructureRetryDelay), infrastructureRetryDelay);
        });
    }
}
