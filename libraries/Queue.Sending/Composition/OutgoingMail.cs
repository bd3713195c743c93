using Queue.Contracts;
using Queue.Sending.Validation;

namespace Queue.Sending.Composition;

/// <summary>A message ready for SMTP: parsed, deduplicated addresses and every header Queue sets.</summary>
public sealed record OutgoingMail
{
    public required Guid RequestId { get; init; }

    public required Mailbox From { get; init; }

    public IReadOnlyList<Mailbox> To { get; init; } = [];

    public IReadOnlyList<Mailbox> Cc { get; init; } = [];

    public IReadOnlyList<Mailbox> Bcc { get; init; } = [];

    public IReadOnlyList<Mailbox> ReplyTo { get; init; } = [];

    public required string Subject { get; init; }

    public string? TextBody { get; init; }

    public string? HtmlBody { get; init; }

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>With angle brackets: <c>&lt;id@domain&gt;</c>.</summary>
    public required string MessageId { get; init; }

    public required DateTimeOffset Date { get; init; }

    /// <summary>Headers beyond the standard ones, e.g. List-Unsubscribe.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Everyone the envelope goes to (RCPT TO), each once.</summary>
    public IEnumerable<Mailbox> Recipients => To.Concat(Cc).Concat(Bcc);
}
