using System.Net;

namespace Queue.ReputationMonitor.Dns;

/// <summary>A resource record; the typed fields are filled for the types the monitor reads.</summary>
/// <param name="Name">Owner name without the trailing dot.</param>
/// <param name="Ttl">As the server gave it (not counted down).</param>
public sealed record DnsRecord(string Name, DnsRecordType Type, uint Ttl)
{
    /// <summary>A and AAAA.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>TXT: the character-strings of the record, in order.</summary>
    public IReadOnlyList<string> Strings { get; init; } = [];

    /// <summary>PTR, CNAME and NS target; MX exchange (empty for a null MX); SOA primary name server.</summary>
    public string? Target { get; init; }

    /// <summary>MX preference.</summary>
    public ushort Preference { get; init; }

    /// <summary>SOA MINIMUM, the negative-caching TTL (RFC 2308).</summary>
    public uint Minimum { get; init; }

    /// <summary>TXT strings joined without separators, as SPF, DKIM and DMARC read them (RFC 7208 3.3).</summary>
    public string Text => string.Concat(Strings);
}
