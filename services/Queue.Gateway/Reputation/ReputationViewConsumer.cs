using MassTransit;
using Queue.Contracts;

namespace Queue.Gateway.Reputation;

public sealed class ReputationViewConsumer(ReputationViewStore store) :
    IConsumer<ReputationListingConfirmed>, IConsumer<ReputationListingCleared>, IConsumer<ReputationMonitorDegraded>
{
    public Task Consume(ConsumeContext<ReputationListingConfirmed> context) => store.ListedAsync(context.Message);

    public Task Consume(ConsumeContext<ReputationListingCleared> context) => store.ClearedAsync(context.Message);

    public Task Consume(ConsumeContext<ReputationMonitorDegraded> context) => store.DegradedAsync(context.Message);
}
