namespace Queue.Contracts;

/// <summary>
/// A request to send one e-mail from an institutional account. Published by applications to the
/// exchange <c>Queue.Contracts:SendEmail</c>. Additive changes only: this is a public API.
/// </summary>
public sealed record SendEmail
{
    /// <summary>Idempotency key chosen by the caller: the same id twice is one request.</summary>
    public Guid RequestId { get; init; }

    /// <summary>The institutional account that sends, e.g. <c>intranet@pasto.gov.co</c>.</summary>
    public string From { get; init; } = "";

    /// <summary>Addresses in RFC 5322 form; display names allowed (<c>Ana Pérez &lt;ana@pasto.gov.co&gt;</c>).</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    public IReadOnlyList<string> Cc { get; init; } = [];

    public IReadOnlyList<string> Bcc { get; init; } = [];

    public IReadOnlyList<string> ReplyTo { get; init; } = [];

    public string Subject { get; init; } = "";

    public string? TextBody { get; init; }

    public string? HtmlBody { get; init; }

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    public EmailCategory Category { get; init; } = EmailCategory.Operational;

    public EmailPriority Priority { get; init; } = EmailPriority.Normal;

    /// <summary>Not sent before this instant.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Not sent after this instant: the request is rejected instead.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The application that asks, for audit and metrics.</summary>
    public string? Application { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}
