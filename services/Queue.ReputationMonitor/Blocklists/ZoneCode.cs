using System.Net;
using Queue.Contracts;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>An answer that means listed on <paramref name="List"/>; in a bitmask zone, its last octet is the bit.</summary>
public sealed record ZoneCode(IPAddress Address, string List, ReputationSeverity Severity)
{
    public byte Bit => Address.GetAddressBytes()[3];

    public string Code => Address.ToString();
}
