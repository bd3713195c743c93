namespace Queue.Operations;

/// <summary>A report the bounce reader could not use, kept aside in its folder.</summary>
public sealed record SetAsideReportView(DateTimeOffset At, string ReportKey, string? From, string? Subject, string Reason, string Folder);
