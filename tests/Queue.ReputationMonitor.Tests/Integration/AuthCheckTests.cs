using System.Net;
using static Microsoft.Extensions.Options.Options;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Auth;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Integration;

/// <summary>SPF, DKIM, DMARC, MX, PTR and FCrDNS read from a real DNS server.</summary>
public sealed class AuthCheckTests : IAsyncLifetime
{
    const string Key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu5oIUrFDWZK7F4thFxpZa2or6jBEX3cSL6b2TJdPkO5iNn9vHNXhNX31mD";
    static readonly TargetsOptions Targets = new()
    {
        Domains = ["pasto.test", "bad.test"],
        SendingIps = ["192.0.2.10", "192.0.2.11", "192.0.2.12", "2001:db8::25"],
        DkimSelectors = ["google"],
    };

    Dnsmasq dns = null!;

    public async Task InitializeAsync() => dns = await Dnsmasq.StartAsync(new TestZones()
        .Local("test").Local("2.0.192.in-addr.arpa").Local("8.b.d.0.1.0.0.2.ip6.arpa")
        .Txt("pasto.test", "v=spf1 ip4:192.0.2.10 include:_spf.google.com ~all")
        .Txt("pasto.test", "google-site-verification=abc123")
        .Txt("_dmarc.pasto.test", "v=DMARC1; p=reject; rua=mailto:dmarc@pasto.test")
        .Txt("google._domainkey.pasto.test", "v=DKIM1; k=rsa; p=" + Key[..60], Key[60..])
        .Mx("pasto.test", "mail.pasto.test", 10)
        .Txt("bad.test", "v=spf1 -all")
        .Txt("bad.test", "v=spf1 include:_spf.google.com ~all")
        .Txt("google._domainkey.bad.test", "v=DKIM1; p=")
        .Ptr(IPAddress.Parse("192.0.2.10"), "mail.pasto.test").A("mail.pasto.test", "192.0.2.10")
        .Ptr(IPAddress.Parse("192.0.2.11"), "other.test").A("other.test", "192.0.2.99")
        .Ptr(IPAddress.Parse("2001:db8::25"), "mail6.pasto.test").A("mail6.pasto.test", "2001:db8::25"));

    public Task DisposeAsync()
    {
        dns.Dispose();
        return Task.CompletedTask;
    }

    static async Task<Dictionary<(string, string), AuthCheckStatus>> CheckAsync(string server, int attempts = 2, int timeoutMs = 2000) =>
        (await new AuthChecker(TestDns.Client([server], attempts, timeoutMs), new TargetSet(Create(Targets)), TimeProvider.System).RunAsync(CancellationToken.None))
        .ToDictionary(r => (r.Target, r.Check));

    [Fact]
    public async Task A_well_configured_domain_passes_every_check()
    {
        var results = await CheckAsync(dns.Endpoint);
        Assert.Equal((AuthCheckOutcome.Pass, "v=spf1 ip4:192.0.2.10 include:_spf.google.com ~all"), Outcome(results, "pasto.test", "spf"));
        Assert.Equal((AuthCheckOutcome.Pass, "p=reject"), Outcome(results, "pasto.test", "dmarc"));
        Assert.Equal((AuthCheckOutcome.Pass, "10 mail.pasto.test"), Outcome(results, "pasto.test", "mx"));
        Assert.Equal(AuthCheckOutcome.Pass, results[("pasto.test", "dkim:google")].Outcome);
        Assert.Contains($"key of {Key.Length} base64", results[("pasto.test", "dkim:google")].Detail);
    }

    [Fact]
    public async Task A_broken_domain_fails_each_check_with_the_reason()
    {
        var results = await CheckAsync(dns.Endpoint);
        Assert.Equal((AuthCheckOutcome.Fail, "2 v=spf1 records (permerror: receivers treat SPF as broken)"), Outcome(results, "bad.test", "spf"));
        Assert.Equal((AuthCheckOutcome.Fail, "no v=DMARC1 record"), Outcome(results, "bad.test", "dmarc"));
        Assert.Equal((AuthCheckOutcome.Fail, "no MX record"), Outcome(results, "bad.test", "mx"));
        Assert.Equal((AuthCheckOutcome.Fail, "the key is revoked (empty p=)"), Outcome(results, "bad.test", "dkim:google"));
    }

    [Fact]
    public async Task Reverse_dns_must_exist_and_resolve_back()
    {
        var results = await CheckAsync(dns.Endpoint);
        Assert.Equal((AuthCheckOutcome.Pass, "mail.pasto.test"), Outcome(results, "192.0.2.10", "ptr"));
        Assert.Equal((AuthCheckOutcome.Pass, "mail.pasto.test resolves back to 192.0.2.10"), Outcome(results, "192.0.2.10", "fcrdns"));
        Assert.Equal(AuthCheckOutcome.Pass, results[("192.0.2.11", "ptr")].Outcome);
        Assert.Equal((AuthCheckOutcome.Fail, "other.test does not resolve back to 192.0.2.11"), Outcome(results, "192.0.2.11", "fcrdns"));
        Assert.Equal((AuthCheckOutcome.Fail, "no PTR record"), Outcome(results, "192.0.2.12", "ptr"));
        Assert.Equal(AuthCheckOutcome.Fail, results[("192.0.2.12", "fcrdns")].Outcome);
        Assert.Equal(AuthCheckOutcome.Pass, results[("2001:db8::25", "fcrdns")].Outcome);
    }

    [Fact]
    public async Task A_silent_resolver_gives_unknown_never_fail()
    {
        using var silent = new SilentDnsServer();
        var results = await CheckAsync(silent.Endpoint, attempts: 1, timeoutMs: 100);
        Assert.Equal(16, results.Count);
        Assert.All(results.Values, r => Assert.Equal(AuthCheckOutcome.Unknown, r.Outcome));
    }

    static (AuthCheckOutcome, string) Outcome(Dictionary<(string, string), AuthCheckStatus> results, string target, string check) =>
        (results[(target, check)].Outcome, results[(target, check)].Detail);
}
