using Queue.Contracts;
using Queue.Reputation.Status;

namespace Queue.Gateway.Reputation;

/// <summary>The reputation monitor's read model, as ops look at it: each zone listed, degraded or clean.</summary>
public sealed record ReputationView(
    IReadOnlyList<ZoneView> Zones, IReadOnlyList<ListingView> Listings, IReadOnlyList<ZoneStatus> Degraded, IReadOnlyList<AuthCheckStatus> AuthChecks);

/// <param name="State">listed (a confirmed listing of one of our targets), degraded (the zone's answers are not trusted now) or clean.</param>
public sealed record ZoneView(string Zone, string State, IReadOnlyList<string> Listed);

public sealed record ListingView(
    string Target, ReputationTargetKind TargetKind, string Zone, string List, ReputationSeverity Severity, IReadOnlyList<string> Codes,
    string? Reason, string? DelistUrl, DateTimeOffset? FirstSeen, DateTimeOffset? ConfirmedAt);
