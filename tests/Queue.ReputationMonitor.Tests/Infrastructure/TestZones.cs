using System.Net;
using Queue.ReputationMonitor.Blocklists;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>Records for a test dnsmasq, as its command-line options: one builder per scenario, readable in the test.</summary>
sealed class TestZones
{
    readonly List<string> options = [];

    public IReadOnlyList<string> Options => options;

    /// <summary>Names under the domain that have no record are NXDOMAIN (instead of REFUSED for "not mine").</summary>
    public TestZones Local(string domain) => Add($"--local=/{domain}/");

    /// <summary>
    /// A zone dnsmasq serves as its authority (and nothing else: every other name is REFUSED), so a negative answer
    /// carries the zone's SOA, whose TTL and MINIMUM are both <paramref name="ttl"/>.
    /// </summary>
    public TestZones Authoritative(string zone, int ttl) =>
        Add($"--auth-zone={zone}").Add($"--auth-server=ns.{zone},127.0.0.1").Add($"--auth-ttl={ttl}");

    /// <summary>A and AAAA records of a name in an <see cref="Authoritative"/> zone.</summary>
    public TestZones HostRecord(string name, string address) => Add($"--host-record={name},{address}");

    /// <summary>A records for a name (dnsmasq answers them for its subdomains too).</summary>
    public TestZones A(string name, params string[] addresses)
    {
        foreach (var address in addresses)
        {
            Add($"--address=/{name.TrimEnd('.')}/{address}");
        }

        return this;
    }

    /// <summary>One TXT record of several character-strings (dnsmasq splits its argument at commas).</summary>
    public TestZones Txt(string name, params string[] strings) => strings.Any(s => s.Contains(','))
        ? throw new ArgumentException("a TXT string for dnsmasq's command line cannot hold a comma")
        : Add($"--txt-record={name.TrimEnd('.')},{string.Join(',', strings)}");

    public TestZones Ptr(IPAddress address, string target) => Add($"--ptr-record={QueryNames.Reverse(address).TrimEnd('.')},{target}");

    public TestZones Mx(string domain, string exchange, int preference) => Add($"--mx-host={domain},{exchange},{preference}");

    /// <summary>The answer a blocklist zone gives for an address: its codes, and a TXT reason when given.</summary>
    public TestZones Listed(string zone, string address, string[] codes, string? reason = null) =>
        Entry(QueryNames.ForAddress(IPAddress.Parse(address), zone), codes, reason);

    public TestZones ListedDomain(string zone, string domain, string[] codes, string? reason = null) =>
        Entry(QueryNames.ForDomain(domain, zone), codes, reason);

    /// <summary>An RFC 5782 IPv4 zone: 127.0.0.2 listed, 127.0.0.1 and anything unknown NXDOMAIN.</summary>
    public TestZones Rfc5782Zone(string zone) => Local(zone).Listed(zone, "127.0.0.2", ["127.0.0.2"]);

    TestZones Entry(string name, string[] codes, string? reason)
    {
        A(name, codes);
        return reason is null ? this : Txt(name, reason);
    }

    /// <summary>Any other dnsmasq option, e.g. <c>--local-ttl=300</c>.</summary>
    public TestZones Add(string option)
    {
        options.Add(option);
        return this;
    }
}
