using System.Net;
using Queue.Contracts;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Tests.Unit;

public class QueryNamesTests
{
    [Fact]
    public void IPv4_octets_are_reversed_and_the_name_is_absolute() =>
        Assert.Equal("10.2.0.192.zen.spamhaus.org.", QueryNames.ForAddress(IPAddress.Parse("192.0.2.10"), "zen.spamhaus.org"));

    [Fact]
    public void IPv6_nibbles_are_reversed_as_in_the_rfc_5782_example() =>
        Assert.Equal(
            "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com.",
            QueryNames.ForAddress(IPAddress.Parse("2001:db8:1:2:3:4:567:89ab"), "ugly.example.com"));

    [Fact]
    public void The_ipv6_test_entry_is_the_mapped_loopback_in_32_nibbles() =>
        Assert.Equal(
            "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.zen.test.",
            QueryNames.ForAddress(IPAddress.Parse("::ffff:7f00:2"), "zen.test"));

    [Fact]
    public void A_domain_is_asked_as_it_is_in_lower_case() =>
        Assert.Equal("pasto.gov.co.dbl.spamhaus.org.", QueryNames.ForDomain("Pasto.Gov.Co.", "dbl.spamhaus.org"));

    [Fact]
    public void Reverse_names_for_ptr()
    {
        Assert.Equal("10.2.0.192.in-addr.arpa.", QueryNames.Reverse(IPAddress.Parse("192.0.2.10")));
        Assert.EndsWith(".8.b.d.0.1.0.0.2.ip6.arpa.", QueryNames.Reverse(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void An_ipv4_mapped_address_is_the_ipv4_target()
    {
        var target = Target.FromAddress(IPAddress.Parse("::ffff:192.0.2.1"));
        Assert.Equal(new Target("192.0.2.1", ReputationTargetKind.IPv4), target);
    }

    [Fact]
    public void A_dqs_key_changes_where_queries_go_but_not_the_zone_name_shown()
    {
        var options = new ZoneOptions { Zone = "zen.spamhaus.org", DqsZone = "zen.dq.spamhaus.net", Codes = [new ZoneCodeOptions { Code = "127.0.0.2", List = "SBL" }] };
        var zone = BlocklistZone.From(options, "abcdef0123456789");
        Assert.Equal("zen.spamhaus.org", zone.Name);
        Assert.Equal("10.2.0.192.abcdef0123456789.zen.dq.spamhaus.net.", QueryNames.For(zone, "192.0.2.10"));
        Assert.Equal("zen.spamhaus.org", BlocklistZone.From(options, null).QueryZone);
    }
}
