namespace Queue.Operations;

/// <summary>A rejection as the status page lists it.</summary>
public sealed record RecentRejection(Guid RequestId, string? From, string? Application, string Reason, IReadOnlyList<string> Rules, DateTimeOffset At);
