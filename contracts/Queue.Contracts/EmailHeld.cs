namespace Queue.Contracts;

/// <summary>The request waits for a person's approval (the communications office or the Mayor's office).</summary>
public sealed record EmailHeld
{
    public Guid RequestId { get; init; }

    public string From { get; init; } = "";

    /// <summary>The policy rule that requires the approval, e.g. <c>policy.mass-communications-office</c>.</summary>
    public string Rule { get; init; } = "";

    public string Reason { get; init; } = "";

    public DateTimeOffset HeldAt { get; init; }

    /// <summary>Without a decision by then the request is rejected.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
