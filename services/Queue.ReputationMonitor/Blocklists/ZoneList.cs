using Queue.Contracts;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>A list within a zone (several codes may belong to one list, e.g. Spamhaus XBL 127.0.0.4–7).</summary>
public sealed record ZoneList(string Name, ReputationSeverity Severity);
