using Queue.Contracts;

namespace Queue.Gateway.Reputation;

/// <param name="AuthChecks">SPF, DKIM and DMARC checks: not announced by the monitor's events yet, so null.</param>
public sealed record ReputationView(IReadOnlyList<ZoneStatus> Zones, IReadOnlyList<ReputationListingConfirmed> Listings, IReadOnlyList<DegradedZone> Degraded, object? AuthChecks);

/// <param name="State">listed, degraded (the monitor cannot see it) or clean.</param>
public sealed record ZoneStatus(string Zone, string State, IReadOnlyList<string> Listed);

/// <param name="Zone">Null when the resolver itself fails.</param>
public sealed record DegradedZone(string? Zone, string Reason, DateTimeOffset Since, DateTimeOffset ReportedAt);
