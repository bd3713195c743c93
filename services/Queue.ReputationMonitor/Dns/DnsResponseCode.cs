namespace Queue.ReputationMonitor.Dns;

/// <summary>RCODE of a response (RFC 1035 4.1.1); the values are the wire's, so rarer codes keep their number.</summary>
public enum DnsResponseCode : ushort
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
}
