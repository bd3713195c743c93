namespace Queue.Contracts;

/// <summary>The SMTP server accepted the message for the recipients in <see cref="Recipients"/>.</summary>
public sealed record EmailSent
{
    public Guid RequestId { get; init; }

    public string From { get; init; } = "";

    /// <summary>The Message-ID header, with angle brackets.</summary>
    public string MessageId { get; init; } = "";

    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>
    /// Recipients the server refused while accepting the others: for good (5xx), and for now (4xx) when no attempt
    /// is left to retry them.
    /// </summary>
    public IReadOnlyList<RecipientRefusal> RefusedRecipients { get; init; } = [];

    /// <summary>
    /// Recipients the server refused for now (4xx, e.g. greylisting) while accepting the others: they are retried
    /// later in <see cref="DeferredRequestId"/>, a request of their own with its own events.
    /// </summary>
    public IReadOnlyList<RecipientRefusal> DeferredRecipients { get; init; } = [];

    /// <summary>The request that retries <see cref="DeferredRecipients"/>; null when there are none.</summary>
    public Guid? DeferredRequestId { get; init; }

    public string SmtpReply { get; init; } = "";

    public DateTimeOffset SentAt { get; init; }

    /// <summary>
    /// An earlier attempt may have reached the server without an answer (a timeout after the whole message, or a
    /// dispatcher that stopped while sending), so a recipient may get the message twice, under the same Message-ID.
    /// </summary>
    public bool InDoubt { get; init; }
}
