using MassTransit;
using Microsoft.Extensions.Options;

namespace Queue.Dispatching.Approvals;

/// <summary>Approval commands share one queue next to the dispatcher's, e.g. <c>send-email-approvals</c>.</summary>
public sealed class ApproveEmailConsumerDefinition : ConsumerDefinition<ApproveEmailConsumer>
{
    public ApproveEmailConsumerDefinition(IOptions<DispatcherOptions> options) => EndpointName = $"{options.Value.QueueName}-approvals";
}

public sealed class DenyEmailConsumerDefinition : ConsumerDefinition<DenyEmailConsumer>
{
    public DenyEmailConsumerDefinition(IOptions<DispatcherOptions> options) => EndpointName = $"{options.Value.QueueName}-approvals";
}
