using Queue.Contracts;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;

namespace Queue.ReputationMonitor.Tracking;

/// <summary>One target in one zone: the last answer and a tracker per list of the zone.</summary>
public sealed class TargetZoneState(Target target, BlocklistZone zone, int hitsToConfirm, int missesToClear)
{
    readonly IReadOnlyList<ListingTracker> trackers = zone.Lists.Select(l => new ListingTracker(l, hitsToConfirm, missesToClear)).ToList();

    LookupOutcome? lastOutcome;
    string? lastDetail;
    IReadOnlyList<string> lastCodes = [];
    DateTimeOffset? lastCheckedAt;

    /// <summary>The last observation (listed or not) since start; the baseline for the flip rule, never persisted.</summary>
    public bool? LastListed { get; private set; }

    /// <summary>Whether this observation reverses the previous one (the first one after start reverses nothing).</summary>
    public bool Flips(Classification classification) =>
        classification.IsObservation && LastListed is { } previous && previous != (classification.Outcome == LookupOutcome.Listed);

    /// <summary>Notes what the lookup said, whatever it was; only observations move the baseline.</summary>
    public void Record(Classification classification, DateTimeOffset now)
    {
        (lastOutcome, lastDetail, lastCodes, lastCheckedAt) = (classification.Outcome, classification.Detail, classification.Answers, now);
        if (classification.IsObservation)
        {
            LastListed = classification.Outcome == LookupOutcome.Listed;
        }
    }

    /// <summary>Feeds an observation to every list's tracker and returns the events of the lists that changed.</summary>
    public IEnumerable<object> Observe(TargetObservation observation, DateTimeOffset now)
    {
        var events = new List<object>();
        foreach (var tracker in trackers)
        {
            var codes = observation.Classification.Hits.Where(h => h.List == tracker.List.Name).Select(h => h.Code).ToList();
            var change = codes.Count > 0 ? tracker.Hit(codes, observation.Reason, now) : tracker.Miss();
            if (change == ListingChange.Confirmed)
            {
                events.Add(new ReputationListingConfirmed
                {
                    Target = target.Value, TargetKind = target.Kind, Zone = zone.Name, List = tracker.List.Name,
                    Severity = tracker.List.Severity, Codes = tracker.Codes, Reason = tracker.Reason, DelistUrl = zone.DelistUrl,
                    FirstSeen = tracker.FirstSeen ?? now, ConfirmedAt = now,
                });
            }
            else if (change == ListingChange.Cleared)
            {
                events.Add(new ReputationListingCleared
                {
                    Target = target.Value, TargetKind = target.Kind, Zone = zone.Name, List = tracker.List.Name,
                    Severity = tracker.List.Severity, ClearedAt = now,
                });
            }
        }

        return events;
    }

    public TargetZoneStatus ToStatus() => new()
    {
        Target = target.Value,
        TargetKind = target.Kind,
        Zone = zone.Name,
        LastOutcome = lastOutcome,
        LastDetail = lastDetail,
        LastCodes = lastCodes,
        LastCheckedAt = lastCheckedAt,
        Listings = trackers.Select(t => t.ToStatus(zone.DelistUrl)).ToList(),
    };

    public void Restore(TargetZoneStatus saved)
    {
        (lastOutcome, lastDetail, lastCodes, lastCheckedAt) = (saved.LastOutcome, saved.LastDetail, saved.LastCodes, saved.LastCheckedAt);
        foreach (var tracker in trackers)
        {
            if (saved.Listings.FirstOrDefault(l => l.List == tracker.List.Name) is { } listing)
            {
                tracker.Restore(listing);
            }
        }
    }
}
