using MassTransit;
using Queue.Contracts;
using Queue.Sending.Applications;
using Queue.Sending.Validation;

namespace Queue.Dispatching.Consumers;

/// <summary>
/// Who published a request on the bus: RabbitMQ checks that the AMQP user-id property equals the connection's user,
/// so it names the application for sure. The application may only send as the accounts granted to it — the same
/// mapping the gateway's API keys use. A relay (the gateway) speaks for the registered application it names.
/// Control commands are taken only from an application granted their power, and are recorded as given by it.
/// </summary>
public sealed class BusIdentity(ApplicationDirectory applications, ILogger<BusIdentity> logger)
{
    /// <summary>The verified application, or the rule the request breaks.</summary>
    public (ApplicationOptions? Application, RuleViolation? Violation) Check(ConsumeContext<SendEmail> context)
    {
        var user = UserOf(context);
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

    /// <summary>
    /// Whom to record as giving a control command, or null (logged) when its publisher does not hold
    /// <paramref name="power"/>. The command's own <c>By</c> is a claim anyone can write: it is kept only from a
    /// relay, which authenticated the person itself (the gateway writes "person via application (key id)"), or
    /// while identity is not required (Development).
    /// </summary>
    public string? AuthorizedBy<TCommand>(ConsumeContext<TCommand> context, ApplicationPower power, string claimedBy)
        where TCommand : class
    {
        var user = UserOf(context);
        var application = user is null ? null : applications.ByAmqpUser(user);
        string? refusal = null;
        if (application is null)
        {
            if (!applications.RequireIdentity)
            {
                return string.IsNullOrWhiteSpace(claimedBy) ? user ?? "unknown" : claimedBy;
            }

            refusal = user is null ? "it carries no AMQP user-id" : $"RabbitMQ user {user} is not a registered application";
        }
        else if (!application.Powers.Contains(power))
        {
            refusal = $"application {application.Name} is not granted {power} (Applications:Registered:N:Powers)";
        }

        if (refusal is not null)
        {
            logger.LogWarning("{Command} {MessageId} from RabbitMQ user {User} refused: {Refusal}", typeof(TCommand).Name, context.MessageId, user ?? "(none)", refusal);
            return null;
        }

        return application!.Relay && !string.IsNullOrWhiteSpace(claimedBy) ? claimedBy : application.Name;
    }

    /// <summary>RabbitMQ refuses a publish whose user-id is not the connection's user, so a present one is true.</summary>
    static string? UserOf(ConsumeContext context) =>
        context.ReceiveContext is RabbitMqBasicConsumeContext rabbit && rabbit.Properties.IsUserIdPresent() ? rabbit.Properties.UserId : null;

    static RuleViolation Violation(string rule, string message) => new() { Rule = rule, Field = "from", Message = message };
}
