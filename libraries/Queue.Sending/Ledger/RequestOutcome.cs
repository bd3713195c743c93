using Queue.Contracts;

namespace Queue.Sending.Ledger;

/// <summary>
/// A request's final event as the ledger keeps it, so a redelivered or re-published request announces the same
/// outcome again: an event is never lost because the process died, or the publish failed, after the ledger wrote it.
/// Exactly one of the events is set, matching <see cref="State"/>.
/// </summary>
public sealed record RequestOutcome(RequestState State, EmailSent? Sent = null, EmailFailed? Failed = null, EmailRejected? Rejected = null)
{
    public static RequestOutcome Of(EmailSent sent) => new(RequestState.Sent, Sent: sent);

    public static RequestOutcome Of(EmailFailed failed) => new(RequestState.Failed, Failed: failed);

    public static RequestOutcome Of(EmailRejected rejected) => new(RequestState.Rejected, Rejected: rejected);

    /// <summary>The event to publish again.</summary>
    public object Event => (object?)Sent ?? (object?)Failed ?? Rejected ?? throw new InvalidOperationException("an outcome without its event");
}
