using MassTransit;
using Microsoft.Extensions.Options;

namespace Queue.Gateway.Status;

/// <summary>
/// The gateway hears events on one durable queue of its own (<c>Gateway:EventsQueue</c>): replicas share it, and what
/// was published while every gateway was down is read when one starts.
/// </summary>
public sealed class LifecycleConsumerDefinition : ConsumerDefinition<LifecycleConsumer>
{
    public LifecycleConsumerDefinition(IOptions<GatewayOptions> options) => EndpointName = options.Value.EventsQueue;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<LifecycleConsumer> consumer, IRegistrationContext context) =>
        endpoint.UseMessageRetry(r => r.Intervals(200, 1000, 5000));
}
