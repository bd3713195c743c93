namespace Queue.Reputation.Status;

/// <summary>Everything the monitor knows, as stored in Redis.</summary>
public sealed record ReputationStatus
{
    public IReadOnlyList<TargetZoneStatus> Targets { get; init; } = [];

    public IReadOnlyList<ZoneStatus> Zones { get; init; } = [];

    public IReadOnlyList<AuthCheckStatus> AuthChecks { get; init; } = [];

    /// <summary>Confirmed listings only: what a reader acting on reputation cares about.</summary>
    public IEnumerable<(TargetZoneStatus Target, ListingStatus Listing)> ConfirmedListings() =>
        Targets.SelectMany(t => t.Listings.Where(l => l.Confirmed).Select(l => (t, l)));
}
