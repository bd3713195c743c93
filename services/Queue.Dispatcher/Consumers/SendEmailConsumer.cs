using MassTransit;
using Queue.Contracts;
using Queue.Sending.Validation;

namespace Queue.Dispatcher.Consumers;

/// <summary>
/// Intake: validates each request as it arrives and hands a valid one to admission (policy, then the lanes). The
/// request is acknowledged only after the lane's queue confirmed it, or after its outcome was published.
/// </summary>
public sealed class SendEmailConsumer(SendEmailValidator validator, Admission admission, Rejections rejections) : IConsumer<SendEmail>
{
    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var violations = validator.Validate(context.Message);
        if (violations.Count > 0)
        {
            await rejections.PublishAsync(context, violations);
            return;
        }

        await admission.AdmitAsync(context, context.Message, approved: false);
    }
}
