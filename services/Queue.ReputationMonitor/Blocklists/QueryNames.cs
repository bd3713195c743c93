using System.Net;
using System.Net.Sockets;
using System.Text;
using Queue.Contracts;
using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>
/// Query names of RFC 5782 section 2: the IPv4 octets reversed, the 32 IPv6 nibbles reversed, a domain as it is,
/// each followed by the zone. Names end with a dot: absolute, never completed by a search list.
/// </summary>
public static class QueryNames
{
    public static string For(BlocklistZone zone, string entry) => zone.Kind == ReputationTargetKind.Domain
        ? ForDomain(entry, zone.QueryZone)
        : ForAddress(IPAddress.Parse(entry), zone.QueryZone);

    public static string ForAddress(IPAddress address, string zone) => $"{Reversed(address)}.{DnsName.Normalize(zone)}.";

    public static string ForDomain(string domain, string zone) => $"{DnsName.Normalize(domain)}.{DnsName.Normalize(zone)}.";

    /// <summary>The PTR name of an address: in-addr.arpa or ip6.arpa (RFC 1035 3.5, RFC 3596 2.5).</summary>
    public static string Reverse(IPAddress address) =>
        ForAddress(address, address.AddressFamily == AddressFamily.InterNetwork ? "in-addr.arpa" : "ip6.arpa");

    static string Reversed(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return string.Join('.', bytes.Reverse());
        }

        var nibbles = new StringBuilder(64);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            nibbles.Append(HexDigit(bytes[i] & 0xF)).Append('.').Append(HexDigit(bytes[i] >> 4)).Append('.');
        }

        return nibbles.ToString(0, nibbles.Length - 1);
    }

    static char HexDigit(int value) => "0123456789abcdef"[value];
}
