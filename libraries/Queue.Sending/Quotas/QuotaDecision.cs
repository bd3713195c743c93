namespace Queue.Sending.Quotas;

public enum QuotaOutcome
{
    Granted,

    /// <summary>A limit is used up; <see cref="QuotaDecision.RetryAt"/> says when it allows this request.</summary>
    Denied,

    /// <summary>More recipients than a limit can ever allow in one window: split the request or reject it.</summary>
    TooLarge,
}

/// <param name="Limit">The binding limit: its scope decides whether one lane or the whole domain waits.</param>
public sealed record QuotaDecision(QuotaOutcome Outcome, DateTimeOffset? RetryAt = null, QuotaLimitId? Limit = null)
{
    public static readonly QuotaDecision Granted = new(QuotaOutcome.Granted);

    /// <summary>
    /// Denied for this request's size only: a one-recipient message would fit now, so the lane goes on and this
    /// request waits, holding its room from <see cref="RetryAt"/> on against the account's other requests.
    /// </summary>
    public bool ForItsSize { get; init; }

    /// <summary>Denied because the window's bookkeeping disagreed (fail closed); repaired, so a retry is answered.</summary>
    public QuotaMismatch? Mismatch { get; init; }
}
