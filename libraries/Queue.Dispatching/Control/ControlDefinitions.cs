using MassTransit;
using Microsoft.Extensions.Options;

namespace Queue.Dispatching.Control;

/// <summary>Operator commands on a durable queue next to the dispatcher's, e.g. <c>send-email-control</c>.</summary>
public sealed class SendingControlConsumerDefinition : ConsumerDefinition<SendingControlConsumer>
{
    public SendingControlConsumerDefinition(IOptions<DispatcherOptions> options) => EndpointName = $"{options.Value.QueueName}-control";
}

/// <summary>Blocklist events on a durable queue, so a listing confirmed while every dispatcher is down still counts.</summary>
public sealed class ReputationConsumerDefinition : ConsumerDefinition<ReputationConsumer>
{
    public ReputationConsumerDefinition(IOptions<DispatcherOptions> options) => EndpointName = $"{options.Value.QueueName}-reputation";
}
