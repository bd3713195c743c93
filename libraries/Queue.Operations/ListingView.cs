using Queue.Contracts;

namespace Queue.Operations;

/// <summary>A confirmed listing of one of our targets (sending IP or domain) on a blocklist.</summary>
public sealed record ListingView(
    string Target, ReputationTargetKind TargetKind, string Zone, string List, ReputationSeverity Severity, IReadOnlyList<string> Codes,
    string? Reason, string? DelistUrl, DateTimeOffset? FirstSeen, DateTimeOffset? ConfirmedAt);
