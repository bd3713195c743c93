using MassTransit;
using Queue.Contracts;
using Queue.Sending.Validation;

namespace Queue.Dispatching.Consumers;

/// <summary>
/// Intake: checks who published each request and validates it as it arrives, then hands a valid one to admission
/// (policy, then the lanes). The request is acknowledged only after the lane's queue confirmed it, or after its
/// outcome was published.
/// </summary>
public sealed class SendEmailConsumer(BusIdentity identity, SendEmailValidator validator, Admission admission, Rejections rejections) : IConsumer<SendEmail>
{
    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var (application, refused) = identity.Check(context);
        var violations = validator.Validate(context.Message);
        if (refused is not null || violations.Count > 0)
        {
            await rejections.PublishAsync(context, refused is null ? violations : [refused, .. violations]);
            return;
        }

        // A verified application is recorded as such, whatever the request says it is.
        var request = application is null ? context.Message : context.Message with { Application = application.Name };
        await admission.AdmitAsync(context, request, approved: false);
    }
}
