namespace Queue.ReputationMonitor.Blocklists;

/// <param name="Reason">The zone's TXT record for a listed target, when it has one.</param>
public sealed record TargetObservation(Target Target, Classification Classification, string? Reason);
