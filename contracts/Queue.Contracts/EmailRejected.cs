namespace Queue.Contracts;

/// <summary>
/// The request will never be sent. <see cref="Violations"/> lists every reason found, each naming its
/// rule (see <see cref="RuleNames"/>); <see cref="Reason"/> is a one-line summary for people.
/// </summary>
public sealed record EmailRejected
{
    public Guid RequestId { get; init; }

    public string? From { get; init; }

    public string? Application { get; init; }

    public string Reason { get; init; } = "";

    public IReadOnlyList<RuleViolation> Violations { get; init; } = [];

    public DateTimeOffset RejectedAt { get; init; }
}
