using Queue.Configuration;

namespace Queue.Sending.Applications;

/// <summary>
/// Section <c>Applications</c>: who may send as which account. The gateway's API keys name an application; on the
/// bus, the broker-validated AMQP user-id does. One mapping for both doors.
/// </summary>
public sealed class ApplicationsOptions
{
    public const string Section = "Applications";

    /// <summary>
    /// On the bus, refuse a request whose AMQP user-id names no registered application, or one not granted its
    /// From, and a control command from an application not granted its power. Off only in Development.
    /// </summary>
    public bool RequireIdentity { get; set; } = true;

    public List<ApplicationOptions> Registered { get; set; } = [];

    /// <summary>Without identities anyone who can publish to RabbitMQ sends as any account and approves anything.</summary>
    public IEnumerable<UnsafeSetting> UnsafeOutsideDevelopment()
    {
        if (!RequireIdentity)
        {
            yield return new UnsafeSetting(nameof(RequireIdentity),
                "it is off, so any program that can publish to RabbitMQ sends as any institutional account and approves or pauses "
                + "sending in anyone's name; set it to true and map each application's RabbitMQ user (Applications:Registered:N:AmqpUser), "
                + "or run with ASPNETCORE_ENVIRONMENT=Development on a developer's machine");
        }
    }
}
