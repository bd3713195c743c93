using Queue.Contracts;

namespace Queue.Operations;

/// <summary>Whether a zone's answers are trusted: it passed its test entries and did not flip most targets at once.</summary>
/// <param name="Kind">The kind of target the zone is asked about (the same zone name may serve IPv4 and IPv6).</param>
/// <param name="Suspect">More than half of the zone's targets changed at once: the zone is doubted, not the targets.</param>
/// <param name="Since">Since when the zone is unhealthy or suspect.</param>
/// <param name="LastSuccessAt">The last round whose answers were used.</param>
public sealed record ZoneHealthView(
    string Zone, ReputationTargetKind Kind, bool Healthy, bool Suspect, string? Reason, DateTimeOffset? Since, DateTimeOffset? LastSuccessAt, DateTimeOffset? CheckedAt);
