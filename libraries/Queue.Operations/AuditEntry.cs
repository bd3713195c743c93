namespace Queue.Operations;

/// <summary>Who asked the gateway to do what (pause, resume, approve, deny, suppress, settings, …), and when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Action, string Target, string By, string? Detail);
