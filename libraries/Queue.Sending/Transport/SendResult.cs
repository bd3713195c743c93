using Queue.Contracts;

namespace Queue.Sending.Transport;

public enum SendStatus
{
    /// <summary>The server took the message for at least one recipient.</summary>
    Sent,

    /// <summary>Try again later: 4xx, connection trouble, timeout.</summary>
    TransientFailure,

    /// <summary>The server refused for good (5xx).</summary>
    PermanentFailure,
}

/// <param name="Reply">The SMTP reply, e.g. <c>550 5.1.1 user unknown</c>, or what went wrong on the way.</param>
/// <param name="Refusals">Recipients refused at RCPT while others were accepted.</param>
/// <param name="MayHaveBeenCounted">
/// False only when the provider certainly did not count the message against its quota (no connection, or every
/// recipient refused before DATA): only then may a quota reservation be refunded.
/// </param>
public sealed record SendResult(SendStatus Status, string Reply, IReadOnlyList<RefusedRecipient> Refusals, bool MayHaveBeenCounted)
{
    /// <summary>The refusals as events report them.</summary>
    public IReadOnlyList<RecipientRefusal> Refused => [.. Refusals.Select(r => r.Refusal)];

    /// <summary>What failed; <see cref="SendFailureKind.None"/> when sent.</summary>
    public SendFailureKind Kind { get; init; }

    /// <summary>The provider refused because the account hit its own quota or rate: pause the account, keep the message.</summary>
    public bool Throttled { get; init; }

    /// <summary>
    /// The whole message reached the server and no answer came back (timeout, connection lost): the server may have
    /// taken it, so a retry may deliver it twice.
    /// </summary>
    public bool Unanswered { get; init; }

    /// <summary>
    /// No session could be opened because the server could not be reached or spoke no SMTP (refused, reset or
    /// garbled connection): a <see cref="SendFailureKind.Session"/> failure told apart from one the server answered.
    /// </summary>
    public bool Unreachable { get; init; }

    public static SendResult Sent(string reply, IReadOnlyList<RefusedRecipient>? refused = null) =>
        new(SendStatus.Sent, reply, refused ?? [], true);
}
