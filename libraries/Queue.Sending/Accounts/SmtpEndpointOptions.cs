using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Accounts;

/// <summary>An SMTP server to submit mail to: the default relay (<c>Mail:Smtp</c>) or one account's own.</summary>
public sealed class SmtpEndpointOptions : IValidatableObject
{
    /// <summary>Required where mail is sent (<c>SmtpRoutesValidator</c> of the SMTP transport), not where requests are only judged.</summary>
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    /// <summary>Comes from the environment or a secret store; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>OAuth 2.0 login instead of a password: the user name (or the account's address) is the mailbox.</summary>
    public OAuthOptions? OAuth { get; set; }

    /// <summary>TCP connect, TLS, greeting and EHLO of a new session.</summary>
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 30;

    /// <summary>Each exchange before the content: login, envelope (pipelined: one round trip), DATA.</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 60;

    /// <summary>Writing the content: this, plus the message's size at <see cref="DataMinimumBytesPerSecond"/>.</summary>
    [Range(1, 3600)]
    public int DataTimeoutSeconds { get; set; } = 60;

    /// <summary>The slowest upload tolerated (bytes per second): the content's time grows with its size at this rate.</summary>
    [Range(1_000, 1_000_000_000)]
    public long DataMinimumBytesPerSecond { get; set; } = 50_000;

    /// <summary>From the end of the content to the server's reply; RFC 5321 §4.5.3.2 gives servers 10 minutes.</summary>
    [Range(1, 600)]
    public int FinalReplyTimeoutSeconds { get; set; } = 600;

    /// <summary>The former single budget, replaced by the timeouts per phase: set, it is refused at start.</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>Connections kept open to this server at most; each carries one message at a time.</summary>
    [Range(1, 64)]
    public int MaxConnections { get; set; } = 4;

    /// <summary>
    /// A PEM or DER certificate trusted for STARTTLS besides the system's trust store: the CA of an internal relay.
    /// The host name must still match the server's certificate.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>
    /// Sends the content with BDAT (RFC 3030) when the server offers CHUNKING and PIPELINING: the whole transaction
    /// in one write and one wait. False keeps DATA, for a relay that advertises CHUNKING but mishandles it.
    /// </summary>
    public bool UseChunking { get; set; } = true;

    /// <summary>The timeouts per phase these settings give.</summary>
    public SmtpTimeouts Timeouts() => new(
        TimeSpan.FromSeconds(ConnectTimeoutSeconds), TimeSpan.FromSeconds(CommandTimeoutSeconds), TimeSpan.FromSeconds(DataTimeoutSeconds),
        DataMinimumBytesPerSecond, TimeSpan.FromSeconds(FinalReplyTimeoutSeconds));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TimeoutSeconds is not null)
        {
            yield return new ValidationResult(
                $"one budget for the whole submission was replaced by timeouts per phase: set {nameof(ConnectTimeoutSeconds)}, {nameof(CommandTimeoutSeconds)}, "
                + $"{nameof(DataTimeoutSeconds)}, {nameof(DataMinimumBytesPerSecond)} and {nameof(FinalReplyTimeoutSeconds)} instead",
                [nameof(TimeoutSeconds)]);
        }

        if (!string.IsNullOrEmpty(TrustedCertificatePath) && !File.Exists(TrustedCertificatePath))
        {
            yield return new ValidationResult($"the trusted certificate {TrustedCertificatePath} does not exist", [nameof(TrustedCertificatePath)]);
        }

        if (OAuth is not null && !string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("set a password or OAuth, not both", [nameof(Password)]);
        }

        if (Security == SmtpSecurity.None && OAuth is not null && !IsLoopback(Host))
        {
            yield return new ValidationResult("an OAuth token is never sent without TLS except to a loopback server", [nameof(Security)]);
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(UserName))
        {
            yield return new ValidationResult("a password is set without a user name", [nameof(UserName)]);
        }
    }

    static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
