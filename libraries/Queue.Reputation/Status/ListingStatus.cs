using Queue.Contracts;

namespace Queue.Reputation.Status;

/// <summary>
/// One list of a zone (e.g. Spamhaus SBL within zen.spamhaus.org) for one target: the confirmed state and the
/// streak that may change it. It is also what the monitor restores after a restart.
/// </summary>
public sealed record ListingStatus
{
    public string List { get; init; } = "";

    public ReputationSeverity Severity { get; init; }

    /// <summary>True once a listing was seen in enough consecutive lookups, until enough clean ones clear it.</summary>
    public bool Confirmed { get; init; }

    public int ConsecutiveHits { get; init; }

    public int ConsecutiveMisses { get; init; }

    /// <summary>The listing codes of this list in the last answer that had them.</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>The zone's TXT reason with the last hit.</summary>
    public string? Reason { get; init; }

    public string? DelistUrl { get; init; }

    /// <summary>The first hit of the streak that led (or may lead) to the confirmation.</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }
}
