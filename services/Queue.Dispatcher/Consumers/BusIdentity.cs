using MassTransit;
using Queue.Contracts;
using Queue.Sending.Applications;
using Queue.Sending.Validation;

namespace Queue.Dispatcher.Consumers;

/// <summary>
/// Who published a request on the bus: RabbitMQ checks that the AMQP user-id property equals the connection's user,
/// so it names the application for sure. The application may only send as the accounts granted to it — the same
/// mapping the gateway's API keys use. A relay (the gateway) speaks for the registered application it names.
/// </summary>
public sealed class BusIdentity(ApplicationDirectory applications)
{
    /// <summary>The verified application, or the rule the request breaks.</summary>
    public (ApplicationOptions? Application, RuleViolation? Violation) Check(ConsumeContext<SendEmail> context)
    {
        var user = context.ReceiveContext is RabbitMqBasicConsumeContext rabbit && rabbit.Properties.IsUserIdPresent() ? rabbit.Properties.UserId : null;
        var application = user is null ? null : applications.ByAmqpUser(user);
        if (application is { Relay: true } && context.Message.Application is { } onBehalfOf && applications.ByName(onBehalfOf) is { } relayed)
        {
            application = relayed;
        }

        if (application is null)
        {
            return applications.RequireIdentity
                ? (null, Violation(RuleNames.IdentityUnknown, user is null
                    ? "the request carries no AMQP user-id: publish with the user-id property set to your RabbitMQ user"
                    : $"RabbitMQ user {user} is not a registered application"))
                : (null, null);
        }

        if (Mailbox.TryParse(context.Message.From, out var from, out _) && !ApplicationDirectory.MaySendAs(application, from.Address))
        {
            return (application, Violation(RuleNames.IdentitySenderNotGranted, $"application {application.Name} may not send as {from.Address}"));
        }

        return (application, null);
    }

    static RuleViolation Violation(string rule, string message) => new() { Rule = rule, Field = "from", Message = message };
}
