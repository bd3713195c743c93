using MassTransit;
using Microsoft.Extensions.Options;

namespace Queue.Dispatcher.Consumers;

/// <summary>The dispatcher's queue: its name and concurrency come from section <c>Dispatcher</c>.</summary>
public sealed class SendEmailConsumerDefinition : ConsumerDefinition<SendEmailConsumer>
{
    public SendEmailConsumerDefinition(IOptions<DispatcherOptions> options)
    {
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
            r.Ignore(typeof(System.Runtime.Serialization.SerializationException), typeof(System.Text.Json.JsonException), typeof(FormatException));
        });
    }
}
