namespace Queue.Contracts;

/// <summary>The SMTP server accepted the message for the recipients in <see cref="Recipients"/>.</summary>
public sealed record EmailSent
{
    public Guid RequestId { get; init; }

    public string From { get; init; } = "";

    /// <summary>The Message-ID header, with angle brackets.</summary>
    public string MessageId { get; init; } = "";

    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>Recipients the server refused while accepting the others.</summary>
    public IReadOnlyList<RecipientRefusal> RefusedRecipients { get; init; } = [];

    public string SmtpReply { get; init; } = "";

    public DateTimeOffset SentAt { get; init; }
}
