namespace Queue.ReputationMonitor.Dns;

/// <summary>Bytes that are not a well-formed DNS message.</summary>
public sealed class DnsFormatException(string message) : Exception(message);
