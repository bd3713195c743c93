using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Delivery;
using Queue.Dispatching.Lanes;
using Queue.Sending.Accounts;
using Queue.Sending.Validation;

namespace Queue.UnitTests.Dispatching;

/// <summary>Runs one lane step on a real consume context, with the delivery the lane consumer would build.</summary>
sealed class StepProbe(StepProbe.Step step, SenderDirectory senders, LaneDirectory lanes, IServiceProvider services) : IConsumer<SendEmail>
{
    public sealed record Step(Func<IServiceProvider, LaneDelivery, Task> Run);

    public Task Consume(ConsumeContext<SendEmail> context)
    {
        senders.TryGet(Mailbox.Parse(context.Message.From).Address, out var account);
        return step.Run(services, new LaneDelivery(context, account, lanes.For(account.Address)));
    }
}
