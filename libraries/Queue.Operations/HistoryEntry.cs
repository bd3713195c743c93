namespace Queue.Operations;

/// <summary>One stored version of the shared settings: who changed them, when and why.</summary>
public sealed record HistoryEntry(long Version, DateTimeOffset? ChangedAt, string? ChangedBy, string? Reason);
