namespace Queue.Contracts;

/// <summary>
/// Sending failed. <see cref="Permanent"/> is true when the SMTP server refused for good (5xx); otherwise
/// the retries ran out.
/// </summary>
public sealed record EmailFailed
{
    public Guid RequestId { get; init; }

    public string From { get; init; } = "";

    public bool Permanent { get; init; }

    public string? SmtpReply { get; init; }

    public string Reason { get; init; } = "";

    public int Attempts { get; init; }

    public IReadOnlyList<RecipientRefusal> RefusedRecipients { get; init; } = [];

    public DateTimeOffset FailedAt { get; init; }

    /// <summary>
    /// An earlier attempt may have reached the server without an answer (a timeout after the whole message, or a
    /// dispatcher that stopped while sending), so a recipient may get the message twice, under the same Message-ID.
    /// </summary>
    public bool InDoubt { get; init; }
}
