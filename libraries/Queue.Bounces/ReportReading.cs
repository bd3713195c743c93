namespace Queue.Bounces;

/// <summary>What the parser made of one message in the bounce mailbox.</summary>
public abstract record ReportReading;

/// <summary>A bounce or complaint about a message Queue sent: to be acted on.</summary>
public sealed record ReadReport(BounceReport Report) : ReportReading;

/// <summary>Nothing to act on (an auto-reply, a positive DSN): marked processed and left in the mailbox.</summary>
public sealed record IgnoredReport(ReportKind Kind, string Reason) : ReportReading;

/// <summary>Not a report Queue can read, or not about a message it sent: kept aside with the reason.</summary>
public sealed record UnprocessableReport(string Reason) : ReportReading;
