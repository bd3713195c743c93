using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Queue.Contracts;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tests.Infrastructure;
using Queue.Configuration;
using static Microsoft.Extensions.Options.Options;

namespace Queue.ReputationMonitor.Tests.Unit;

public class OptionsTests
{
    [Fact]
    public void The_shipped_zones_are_valid_and_complete()
    {
        var options = ShippedZones.Options();
        var result = new ConfigurationPathValidator<BlocklistOptions>(BlocklistOptions.Section).Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        var everyKind = new TargetSet(Create(new TargetsOptions { SendingIps = ["192.0.2.10", "2001:db8::25"], Domains = ["pasto.gov.co"] }));
        var zones = new ZoneCatalog(Create(options), everyKind).Zones;
        Assert.Equal(
            [
                "zen.spamhaus.org/IPv4", "zen.spamhaus.org/IPv6", "b.barracudacentral.org/IPv4", "bl.spamcop.net/IPv4", "bl.mailspike.net/IPv4",
                "psbl.surriel.com/IPv4", "dnsbl-1.uceprotect.net/IPv4", "dbl.spamhaus.org/Domain", "multi.surbl.org/Domain", "multi.uribl.com/Domain",
            ],
            zones.Select(z => z.Key));
        Assert.All(zones, z => Assert.NotNull(z.DelistUrl));
        Assert.Equal(ReputationSeverity.Information, zones.Single(z => z.Name == "dnsbl-1.uceprotect.net").Lists.Single().Severity);
        Assert.DoesNotContain(zones, z => z.Name.Contains("sorbs") || z.Name.Contains("nixspam"));
    }

    [Fact]
    public void Zones_without_targets_of_their_kind_are_not_asked()
    {
        var domainsOnly = new TargetSet(Create(new TargetsOptions { Domains = ["pasto.gov.co"] }));
        Assert.All(new ZoneCatalog(Create(ShippedZones.Options()), domainsOnly).Zones, z => Assert.Equal(ReputationTargetKind.Domain, z.Kind));
    }

    [Fact]
    public void The_shipped_settings_of_every_section_are_valid()
    {
        var configuration = ShippedZones.Configuration();
        Assert.True(Validate<TargetsOptions>(configuration, TargetsOptions.Section).Succeeded);
        Assert.True(Validate<ResolverOptions>(configuration, ResolverOptions.Section).Succeeded);
        Assert.True(Validate<ScheduleOptions>(configuration, ScheduleOptions.Section).Succeeded);
    }

    static Microsoft.Extensions.Options.ValidateOptionsResult Validate<T>(IConfiguration configuration, string section) where T : class, new() =>
        new ConfigurationPathValidator<T>(section).Validate(null, configuration.GetSection(section).Get<T>() ?? new T());

    [Fact]
    public void A_wrong_code_is_named_by_its_full_path()
    {
        var options = new BlocklistOptions
        {
            Zones =
            [
                new ZoneOptions { Zone = "zen.test", Codes = [new ZoneCodeOptions { Code = "127.0.0.2", List = "SBL" }] },
                new ZoneOptions
                {
                    Zone = "surbl.test", Kind = ReputationTargetKind.Domain, Answers = AnswerFormat.Bitmask, TestListed = "not a name!",
                    Codes = [new ZoneCodeOptions { Code = "10.0.0.8", List = "PH" }, new ZoneCodeOptions { Code = "127.0.0.12", List = "X" }],
                },
            ],
        };
        var failures = new ConfigurationPathValidator<BlocklistOptions>("Blocklists").Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("setting 'Blocklists:Zones:1:Codes:0:Code' is invalid: '10.0.0.8' is outside 127.0.0.0/8"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Blocklists:Zones:1:Codes:1:Code' is invalid: '127.0.0.12' is not one bit"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Blocklists:Zones:1:TestListed' is invalid"));
        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void Targets_are_checked()
    {
        var options = new TargetsOptions { SendingIps = ["192.0.2.300"], Domains = ["pasto"], DkimSelectors = ["google"] };
        var failures = new ConfigurationPathValidator<TargetsOptions>("Targets").Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("setting 'Targets:SendingIps:0' is invalid"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Targets:Domains:0' is invalid"));
    }

    [Fact]
    public void The_default_resolver_is_the_first_nameserver_of_resolv_conf()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# generated", "search pasto.gov.co", "nameserver 127.0.0.53", "nameserver 192.0.2.53"]);
            var client = new LookupDnsClient(Create(new ResolverOptions { ResolvConfPath = path }), NullLogger<LookupDnsClient>.Instance);
            Assert.Equal("127.0.0.53:53", client.Servers.Single().ToString());
            var configured = new LookupDnsClient(Create(new ResolverOptions { Servers = ["127.0.0.1:5353", "::1"] }), NullLogger<LookupDnsClient>.Instance);
            Assert.Equal(["127.0.0.1:5353", "[::1]:53"], configured.Servers.Select(s => s.ToString()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
