using MassTransit;
using Queue.Contracts;
using Queue.Dispatcher.Lanes;
using Queue.Dispatcher.Parking;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Validation;

namespace Queue.Dispatcher.Consumers;

/// <summary>
/// Intake: judges each request as it arrives and puts an acceptable one into its sender account's lane. The
/// request is acknowledged only after the lane's queue confirmed it, or after its rejection was published.
/// </summary>
public sealed class SendEmailConsumer(
    SendEmailValidator validator,
    SenderDirectory senders,
    MailComposer composer,
    LaneDirectory lanes,
    ParkingLot parking,
    Rejections rejections,
    TimeProvider clock) : IConsumer<SendEmail>
{
    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var request = context.Message;
        var violations = validator.Validate(request);
        if (violations.Count > 0)
        {
            await rejections.PublishAsync(context, violations);
            return;
        }

        Mailbox.TryParse(request.From, out var from, out _);
        senders.TryGet(from.Address, out var account);
        await context.Publish(new EmailAccepted
        {
            RequestId = request.RequestId, From = account.Address, RecipientCount = composer.Compose(request, account).Recipients.Count(),
            Category = request.Category, Priority = request.Priority, Application = request.Application, AcceptedAt = clock.GetUtcNow(),
        });
        await parking.RequeueAsync(context, lanes.For(account.Address).QueueName, attempt: 0);
    }
}
