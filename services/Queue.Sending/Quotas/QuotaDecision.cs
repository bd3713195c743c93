namespace Queue.Sending.Quotas;

public enum QuotaOutcome
{
    Granted,

    /// <summary>A limit is used up; <see cref="QuotaDecision.RetryAt"/> says when it allows this request.</summary>
    Denied,

    /// <summary>More recipients than a limit can ever allow in one window: split the request or reject it.</summary>
    TooLarge,
}

/// <param name="Limit">The binding limit, e.g. <c>quota.account.hour</c>.</param>
public sealed record QuotaDecision(QuotaOutcome Outcome, DateTimeOffset? RetryAt = null, string? Limit = null)
{
    public static readonly QuotaDecision Granted = new(QuotaOutcome.Granted);
}
