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
    /// From. Off only while applications are being moved to users of their own.
    /// </summary>
    public bool RequireIdentity { get; set; }

    public List<ApplicationOptions> Registered { get; set; } = [];
}
