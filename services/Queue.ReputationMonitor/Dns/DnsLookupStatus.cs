namespace Queue.ReputationMonitor.Dns;

public enum DnsLookupStatus
{
    /// <summary>A server answered (with any RCODE).</summary>
    Answered,

    /// <summary>No server answered within the time allowed, on any attempt.</summary>
    Timeout,

    /// <summary>The network refused (e.g. ICMP port unreachable) or only malformed answers came.</summary>
    Failed,
}
