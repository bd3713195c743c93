namespace Queue.Contracts;

/// <summary>
/// The request goes out as several messages, each a request of its own with its own events; their ids derive
/// deterministically from the original, so a redelivered original splits into the same parts.
/// </summary>
public sealed record EmailSplit
{
    public Guid RequestId { get; init; }

    /// <summary>Why it was split, e.g. <c>policy.confidential-individual</c>.</summary>
    public string Rule { get; init; } = "";

    public IReadOnlyList<EmailPart> Parts { get; init; } = [];

    /// <summary>Recipients left out because they unsubscribed from mass mail or are on the suppression list.</summary>
    public IReadOnlyList<string> Suppressed { get; init; } = [];

    public DateTimeOffset SplitAt { get; init; }
}

public sealed record EmailPart
{
    public Guid RequestId { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];
}
