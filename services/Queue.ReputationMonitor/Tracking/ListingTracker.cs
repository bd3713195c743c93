using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;

namespace Queue.ReputationMonitor.Tracking;

/// <summary>
/// Hysteresis for one list and one target: confirmed after <c>hitsToConfirm</c> consecutive hits, cleared after
/// <c>missesToClear</c> consecutive misses. Errors and timeouts never reach it, so they keep the last state.
/// </summary>
public sealed class ListingTracker(ZoneList list, int hitsToConfirm, int missesToClear)
{
    public ZoneList List => list;

    public bool Confirmed { get; private set; }

    public int ConsecutiveHits { get; private set; }

    public int ConsecutiveMisses { get; private set; }

    public IReadOnlyList<string> Codes { get; private set; } = [];

    public string? Reason { get; private set; }

    public DateTimeOffset? FirstSeen { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public ListingChange Hit(IReadOnlyList<string> codes, string? reason, DateTimeOffset now)
    {
        ConsecutiveMisses = 0;
        ConsecutiveHits = Math.Min(ConsecutiveHits + 1, hitsToConfirm);
        FirstSeen ??= now;
        Codes = codes;
        Reason = reason ?? Reason;
        if (Confirmed || ConsecutiveHits < hitsToConfirm)
        {
            return ListingChange.None;
        }

        Confirmed = true;
        ConfirmedAt = now;
        return ListingChange.Confirmed;
    }

    public ListingChange Miss()
    {
        ConsecutiveHits = 0;
        if (Confirmed && ++ConsecutiveMisses < missesToClear)
        {
            return ListingChange.None;
        }

        // Not confirmed: a broken streak is forgotten. Confirmed: the last miss clears it.
        var change = Confirmed ? ListingChange.Cleared : ListingChange.None;
        Confirmed = false;
        ConsecutiveMisses = 0;
        Codes = [];
        Reason = null;
        FirstSeen = null;
        ConfirmedAt = null;
        return change;
    }

    public ListingStatus ToStatus(string? delistUrl) => new()
    {
        List = list.Name,
        Severity = list.Severity,
        Confirmed = Confirmed,
        ConsecutiveHits = ConsecutiveHits,
        ConsecutiveMisses = ConsecutiveMisses,
        Codes = Codes,
        Reason = Reason,
        DelistUrl = delistUrl,
        FirstSeen = FirstSeen,
        ConfirmedAt = ConfirmedAt,
    };

    /// <summary>Takes back the state saved before a restart, without any event.</summary>
    public void Restore(ListingStatus saved)
    {
        Confirmed = saved.Confirmed;
        ConsecutiveHits = Math.Min(saved.ConsecutiveHits, hitsToConfirm);
        ConsecutiveMisses = saved.ConsecutiveMisses;
        Codes = saved.Codes;
        Reason = saved.Reason;
        FirstSeen = saved.FirstSeen;
        ConfirmedAt = saved.ConfirmedAt;
    }
}
