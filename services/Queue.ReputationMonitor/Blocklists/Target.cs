using System.Net;
using Queue.Contracts;
using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>A sending IP or a mail domain, in the canonical text form used in keys, metrics and events.</summary>
public sealed record Target(string Value, ReputationTargetKind Kind)
{
    public IPAddress? Address => Kind == ReputationTargetKind.Domain ? null : IPAddress.Parse(Value);

    /// <summary>An IPv4-mapped IPv6 address is the IPv4 address: it is listed (and asked) as such.</summary>
    public static Target FromAddress(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return new Target(plain.ToString(), plain.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? ReputationTargetKind.IPv4 : ReputationTargetKind.IPv6);
    }

    public static Target FromDomain(string domain) => new(DnsName.Normalize(domain), ReputationTargetKind.Domain);

    public override string ToString() => Value;
}
