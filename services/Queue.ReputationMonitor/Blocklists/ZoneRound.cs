namespace Queue.ReputationMonitor.Blocklists;

/// <summary>One round of one zone: its test entries, then (if they passed) every target of its kind.</summary>
public sealed record ZoneRound(BlocklistZone Zone, ZoneHealth Health, IReadOnlyList<TargetObservation> Observations);
