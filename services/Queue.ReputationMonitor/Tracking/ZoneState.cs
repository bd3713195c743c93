using Queue.Contracts;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;

namespace Queue.ReputationMonitor.Tracking;

/// <summary>Whether a zone's answers are used; announces the moment it stops being trusted, once.</summary>
public sealed class ZoneState(BlocklistZone zone)
{
    bool healthy = true;
    bool suspect;
    string? reason;
    DateTimeOffset? since;
    DateTimeOffset? lastSuccessAt;
    DateTimeOffset? checkedAt;

    public bool Trusted => healthy && !suspect;

    /// <summary>Marks the zone unhealthy (failed its test entries) or suspect (flipped most targets).</summary>
    /// <returns>The event to publish when the zone was trusted until now; null when it already was not.</returns>
    public ReputationMonitorDegraded? Distrust(string why, bool asSuspect, DateTimeOffset now)
    {
        var wasTrusted = Trusted;
        // A suspect zone passed its test entries (healthy) but flipped too many targets; an unhealthy one failed them.
        healthy = asSuspect;
        suspect = asSuspect;
        (reason, checkedAt) = (why, now);
        since = wasTrusted ? now : since ?? now;
        return wasTrusted ? new ReputationMonitorDegraded { Zone = zone.Name, Reason = $"{zone.Key}: {why}", Since = now } : null;
    }

    /// <returns>True when the zone was not trusted until now (it recovered).</returns>
    public bool Trust(DateTimeOffset now)
    {
        var recovered = !Trusted;
        (healthy, suspect, reason, since, lastSuccessAt, checkedAt) = (true, false, null, null, now, now);
        return recovered;
    }

    public ZoneStatus ToStatus() => new()
    {
        Zone = zone.Name, Kind = zone.Kind, Healthy = healthy, Suspect = suspect, Reason = reason, Since = since,
        LastSuccessAt = lastSuccessAt, CheckedAt = checkedAt,
    };

    public void Restore(ZoneStatus saved) =>
        (healthy, suspect, reason, since, lastSuccessAt, checkedAt) =
        (saved.Healthy, saved.Suspect, saved.Reason, saved.Since, saved.LastSuccessAt, saved.CheckedAt);
}
