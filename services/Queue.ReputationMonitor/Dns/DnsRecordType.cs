namespace Queue.ReputationMonitor.Dns;

/// <summary>The record types the monitor asks for or reads (RFC 1035, 3596); the values are the wire's.</summary>
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
}
