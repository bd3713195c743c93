namespace Queue.Sending.Bounces;

/// <summary>A message of the bounce mailbox moved aside, and why.</summary>
public sealed record SetAsideReport(DateTimeOffset At, string ReportKey, string? From, string? Subject, string Reason, string Folder);
