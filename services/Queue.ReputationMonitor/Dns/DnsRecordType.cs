namespace Queue.ReputationMonitor.Dns;

/// <summary>The record types the monitor asks for or must read past (RFC 1035, 3596, 6891).</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    OPT = 41,
}
