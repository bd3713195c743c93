namespace Queue.Sending.Ledger;

/// <summary>
/// What each request came to, and the claim an attempt holds while it may be sending it (kept in Redis by
/// Queue.Sending.Redis); an abstraction so that the steps that use it are tested without a store.
/// </summary>
public interface IRequestLedger
{
    /// <summary>Claims the request for an attempt, or finds it claimed, in flight or finished.</summary>
    /// <param name="token">Names the claim this attempt makes, known before the call.</param>
    /// <param name="handedOn">The token of a claim an earlier attempt held when it stopped before reaching the SMTP server: taken over at once.</param>
    /// <param name="lease">How long the claim holds if this process dies while sending.</param>
    /// <param name="retention">How long an expired claim is remembered, to report the next attempt as in doubt.</param>
    Task<RequestClaim> TryBeginAsync(Guid requestId, string token, string? handedOn, TimeSpan lease, TimeSpan retention);

    /// <summary>Records the outcome; the claim, if any, ends with it.</summary>
    Task CompleteAsync(RequestOutcome outcome, Guid requestId, TimeSpan retention);

    /// <summary>The request's outcome if it is finished; null while it is not (claimed or not).</summary>
    Task<RequestClaim?> PeekAsync(Guid requestId);

    /// <summary>Starts the claim's lease again from now; false when the claim is no longer this attempt's (it must not send).</summary>
    Task<bool> RenewAsync(RequestClaim claim, TimeSpan lease, TimeSpan retention);

    /// <summary>Releases this attempt's claim without an outcome, so a later delivery may try again.</summary>
    Task AbandonAsync(RequestClaim claim);
}
