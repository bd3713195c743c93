using Queue.Contracts;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Integration;

/// <summary>
/// One monitor, with the shipped zones moved under .test, asking a dnsmasq that gives every kind of answer at once:
/// listed, multi-code, not listed, each error code, unknown codes, a list that answers everything and one that
/// answers nothing. Two full rounds run before the tests look at what came out.
/// </summary>
public sealed class BlocklistScenario : IAsyncLifetime
{
    public const string Listed = "192.0.2.10";
    public const string MultiCode = "192.0.2.11";
    public const string Clean = "192.0.2.12";
    public const string TypoCode = "192.0.2.13";
    public const string PublicResolverCode = "192.0.2.14";
    public const string TooManyQueriesCode = "192.0.2.15";
    public const string UnknownCode = "192.0.2.16";
    public const string OutsideLoopback = "192.0.2.17";
    public const string ListedV6 = "2001:db8::25";
    public const string SpamDomain = "spam.example";
    public const string OurDomain = "pasto.example";
    // Domains outside .test: dnsmasq answers an --address name for its subdomains too, so a target ending in .test
    // would inherit the zone's "test" entry (pasto.test.surbl.test is under test.surbl.test).
    public const string SpamhausReason = "https://www.spamhaus.org/query/ip/192.0.2.10";

    Dnsmasq? dns;

    internal MonitorRig Rig { get; private set; } = null!;

    static TestZones Zones() => new TestZones()
        .Local("test")
        .Rfc5782Zone("zen.test")
        .Listed("zen.test", Listed, ["127.0.0.2"], SpamhausReason)
        .Listed("zen.test", MultiCode, ["127.0.0.4", "127.0.0.10"])
        .Listed("zen.test", TypoCode, ["127.255.255.252"])
        .Listed("zen.test", PublicResolverCode, ["127.255.255.254"])
        .Listed("zen.test", TooManyQueriesCode, ["127.255.255.255"])
        .Listed("zen.test", UnknownCode, ["127.0.0.99"])
        .Listed("zen.test", OutsideLoopback, ["198.51.100.7"])
        .Listed("zen6.test", "::ffff:7f00:2", ["127.0.0.2"])
        .Listed("zen6.test", ListedV6, ["127.0.0.2"])
        // A dead list that answers everything, its own test entries included.
        .A("dead.test", "127.0.0.2")
        // A list gone dark: every name NXDOMAIN, even the entry that must be listed.
        .Local("gone.test")
        .ListedDomain("dbl.test", "test", ["127.0.1.2"])
        .ListedDomain("dbl.test", SpamDomain, ["127.0.1.2"], "https://www.spamhaus.org/query/domain/spam.example")
        .ListedDomain("dbl.test", OurDomain, ["127.0.1.255"])
        .ListedDomain("uribl.test", "test", ["127.0.0.14"])
        .ListedDomain("uribl.test", OurDomain, ["127.0.0.2"])
        .ListedDomain("uribl.test", SpamDomain, ["127.0.0.1"])
        .ListedDomain("surbl.test", "test", ["127.0.0.248"])
        .ListedDomain("surbl.test", SpamDomain, ["127.0.0.80"]);

    public async Task InitializeAsync()
    {
        dns = await Dnsmasq.StartAsync(Zones());
        Rig = await MonitorRig.StartAsync(new MonitorSettings
        {
            Targets = new TargetsOptions
            {
                SendingIps = [Listed, MultiCode, Clean, TypoCode, PublicResolverCode, TooManyQueriesCode, UnknownCode, OutsideLoopback, ListedV6],
                Domains = [OurDomain, SpamDomain],
            },
            Zones =
            [
                ShippedZones.Get("zen.spamhaus.org", ReputationTargetKind.IPv4, "zen.test"),
                ShippedZones.Get("zen.spamhaus.org", ReputationTargetKind.IPv6, "zen6.test"),
                ShippedZones.Get("bl.spamcop.net", ReputationTargetKind.IPv4, "dead.test"),
                ShippedZones.Get("psbl.surriel.com", ReputationTargetKind.IPv4, "gone.test"),
                ShippedZones.Get("dbl.spamhaus.org", ReputationTargetKind.Domain, "dbl.test"),
                ShippedZones.Get("multi.uribl.com", ReputationTargetKind.Domain, "uribl.test"),
                ShippedZones.Get("multi.surbl.org", ReputationTargetKind.Domain, "surbl.test"),
            ],
            Dns = new ResolverOptions { Servers = [dns.Endpoint], Timeout = TimeSpan.FromSeconds(1), Attempts = 2 },
        });
        await Rig.RoundsAsync(2);
        await Rig.Events.SettleAsync();
    }

    public async Task DisposeAsync()
    {
        await Rig.DisposeAsync();
        dns?.Dispose();
    }
}
