using Queue.Reputation.Status;

namespace Queue.Gateway.Reputation;

/// <summary>Reads what the reputation monitor keeps in Redis; the gateway keeps no reputation state of its own.</summary>
public sealed class ReputationReader(ReputationStatusStore store)
{
    public async Task<ReputationView> ReadAsync()
    {
        var status = await store.ReadAsync();
        var listings = status.ConfirmedListings()
            .Select(x => new ListingView(x.Target.Target, x.Target.TargetKind, x.Target.Zone, x.Listing.List, x.Listing.Severity, x.Listing.Codes,
                x.Listing.Reason, x.Listing.DelistUrl, x.Listing.FirstSeen, x.Listing.ConfirmedAt))
            .ToList();
        var degraded = status.Zones.Where(z => !z.Trusted).ToList();
        var zones = status.Zones.Select(z => z.Zone).Concat(status.Targets.Select(t => t.Zone)).Distinct(StringComparer.OrdinalIgnoreCase).Order()
            .Select(zone => new ZoneView(zone,
                listings.Any(l => Same(l.Zone, zone)) ? "listed" : degraded.Any(d => Same(d.Zone, zone)) ? "degraded" : "clean",
                listings.Where(l => Same(l.Zone, zone)).Select(l => l.Target).Distinct().ToList()))
            .ToList();
        return new ReputationView(zones, listings, degraded, status.AuthChecks.OrderBy(c => c.Target).ThenBy(c => c.Check).ToList());
    }

    static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
