using System.Text.Json.Serialization;
using Queue.Contracts;

namespace Queue.Reputation.Status;

/// <summary>Whether a zone's answers are trusted: it passed its test entries and did not flip most targets at once.</summary>
public sealed record ZoneStatus
{
    public string Zone { get; init; } = "";

    /// <summary>The kind of target the zone is asked about (the same zone name may serve IPv4 and IPv6).</summary>
    public ReputationTargetKind Kind { get; init; }

    public bool Healthy { get; init; } = true;

    /// <summary>More than half of the zone's targets changed at once: the zone is doubted, not the targets.</summary>
    public bool Suspect { get; init; }

    public string? Reason { get; init; }

    /// <summary>Since when the zone is unhealthy or suspect.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The last round whose answers were used.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    public DateTimeOffset? CheckedAt { get; init; }

    /// <summary>Its answers are used: healthy and not suspect.</summary>
    [JsonIgnore]
    public bool Trusted => Healthy && !Suspect;
}
