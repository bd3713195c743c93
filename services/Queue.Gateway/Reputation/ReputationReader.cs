using Queue.Gateway.Operations;
using Queue.Reputation.Status;
using AuthCheckOutcome = Queue.Reputation.Status.AuthCheckOutcome;

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
        var resolver = status.Zones.Count > 0 && status.Zones.All(z => !z.Healthy)
            ? new ResolverView(false, $"every zone failed its test entries, e.g. {status.Zones[0].Zone}: {status.Zones[0].Reason}", status.Zones.Min(z => z.Since))
            : new ResolverView(true, null, null);
        var checks = status.AuthChecks.OrderBy(c => c.Target).ThenBy(c => c.Check)
            .Select(c => resolver.Healthy ? c : c with { Outcome = AuthCheckOutcome.Unknown, Detail = $"resolver not answering; last found: {c.Outcome}: {c.Detail}" })
            .ToList();
        return new ReputationView(zones, listings, degraded.Select(z => z.ToView()).ToList(), checks.Select(c => c.ToView()).ToList(), resolver);
    }

    static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
