using Queue.Contracts;

namespace Queue.Reputation.Status;

/// <summary>The latest look at one target (sending IP or mail domain) in one zone, with every list of the zone.</summary>
public sealed record TargetZoneStatus
{
    public string Target { get; init; } = "";

    public ReputationTargetKind TargetKind { get; init; }

    /// <summary>The public zone name, e.g. <c>zen.spamhaus.org</c> (never the DQS name, which holds a key).</summary>
    public string Zone { get; init; } = "";

    public LookupOutcome? LastOutcome { get; init; }

    /// <summary>Why the last lookup was not a plain answer (error code meaning, RCODE, timeout), when it was not.</summary>
    public string? LastDetail { get; init; }

    /// <summary>The addresses the last lookup answered, including error and unknown codes.</summary>
    public IReadOnlyList<string> LastCodes { get; init; } = [];

    public DateTimeOffset? LastCheckedAt { get; init; }

    public IReadOnlyList<ListingStatus> Listings { get; init; } = [];
}
