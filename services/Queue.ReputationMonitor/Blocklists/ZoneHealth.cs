namespace Queue.ReputationMonitor.Blocklists;

/// <summary>Whether a zone passed its RFC 5782 test entries this round.</summary>
/// <param name="NoAnswer">Every test lookup timed out: the resolver, not the zone, is the likely culprit.</param>
public sealed record ZoneHealth(bool Healthy, string? Reason, bool NoAnswer = false)
{
    public static ZoneHealth Passed { get; } = new(true, null);
}
