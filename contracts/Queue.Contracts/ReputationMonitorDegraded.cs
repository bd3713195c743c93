namespace Queue.Contracts;

/// <summary>
/// The monitor cannot see: lookups fail, are refused (e.g. a public resolver blocked by Spamhaus) or a zone fails
/// its own test entries. Ops must look; the dispatcher never pauses mail for this.
/// </summary>
public sealed record ReputationMonitorDegraded
{
    /// <summary>The zone concerned; null when the resolver itself fails.</summary>
    public string? Zone { get; init; }

    public string Reason { get; init; } = "";

    public DateTimeOffset Since { get; init; }
}
