namespace Queue.Contracts;

/// <summary>The request is kept and will be tried again at <see cref="Until"/>.</summary>
public sealed record EmailDeferred
{
    public Guid RequestId { get; init; }

    public string From { get; init; } = "";

    public DateTimeOffset Until { get; init; }

    /// <summary>The rule or condition that deferred it, e.g. <c>quota.account.hour.messages</c>.</summary>
    public string Rule { get; init; } = "";

    public string Reason { get; init; } = "";

    public DateTimeOffset DeferredAt { get; init; }
}
