using Queue.Contracts;
using Queue.Reputation.Status;

namespace Queue.Gateway.Reputation;

/// <summary>The reputation monitor's read model, as ops look at it: each zone listed, degraded or clean.</summary>
/// <param name="AuthChecks">As the monitor last found them; every outcome reads Unknown while its resolver is not answering.</param>
public sealed record ReputationView(
    IReadOnlyList<ZoneView> Zones, IReadOnlyList<ListingView> Listings, IReadOnlyList<ZoneStatus> Degraded, IReadOnlyList<AuthCheckStatus> AuthChecks,
    ResolverView Resolver);

/// <summary>
/// Whether the monitor's resolver answers. The monitor keeps no flag in Redis, but when every zone fails its test
/// entries the resolver is the common cause, and DNS checks made through it mean nothing either.
/// </summary>
public sealed record ResolverView(bool Healthy, string? Problem, DateTimeOffset? Since);

/// <param name="State">listed (a confirmed listing of one of our targets), degraded (the zone's answers are not trusted now) or clean.</param>
public sealed record ZoneView(string Zone, string State, IReadOnlyList<string> Listed);

public sealed record ListingView(
    string Target, ReputationTargetKind TargetKind, string Zone, string List, ReputationSeverity Severity, IReadOnlyList<string> Codes,
    string? Reason, string? DelistUrl, DateTimeOffset? FirstSeen, DateTimeOffset? ConfirmedAt);
