using System.Net;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Tests.Infrastructure;
using DnsResponseException = DnsClient.DnsResponseException;
using LookupClient = DnsClient.LookupClient;
using LookupClientOptions = DnsClient.LookupClientOptions;
using QueryType = DnsClient.QueryType;

namespace Queue.ReputationMonitor.Tests.Integration;

/// <summary>The monitor's DNS client against a real server (dnsmasq): records, RCODEs, TTLs, TCP fallback, silence, failover.</summary>
public sealed class DnsClientTests : IAsyncLifetime
{
    static readonly string Chunk = new('k', 200);

    /// <summary>What a Spamhaus DQS key looks like (lowercase letters and digits); it sits in the query name.</summary>
    const string DqsKey = "k3yq9x7d2m4p8w1z";
    Dnsmasq dns = null!;

    public async Task InitializeAsync() => dns = await Dnsmasq.StartAsync(new TestZones()
        .Local("test")
        .A("multi.test", "127.0.0.2", "127.0.0.4")
        .Txt("long.test", Enumerable.Repeat(Chunk, 7).ToArray())
        .Txt("short.test", "v=spf1 -all")
        .Ptr(IPAddress.Parse("192.0.2.10"), "mail.pasto.test")
        .Mx("pasto.test", "mail.pasto.test", 10)
        .Add("--local-ttl=300"));

    public Task DisposeAsync()
    {
        dns.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reads_every_address_and_its_ttl()
    {
        var lookup = await TestDns.Client([dns.Endpoint]).QueryAsync("multi.test.", DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Answered, lookup.Status);
        Assert.Equal(DnsResponseCode.NoError, lookup.ResponseCode);
        Assert.Equal(["127.0.0.2", "127.0.0.4"], lookup.Records(DnsRecordType.A).Select(r => r.Address!.ToString()).Order());
        Assert.All(lookup.Records(DnsRecordType.A), r => Assert.Equal(300u, r.Ttl));
    }

    [Fact]
    public async Task Reads_nxdomain_and_refused()
    {
        var client = TestDns.Client([dns.Endpoint]);
        Assert.Equal(DnsResponseCode.NXDomain, (await client.QueryAsync("nothing.test.", DnsRecordType.A)).ResponseCode);
        Assert.Equal(DnsResponseCode.Refused, (await client.QueryAsync("example.org.", DnsRecordType.A)).ResponseCode);
    }

    [Theory]
    [InlineData(1232)]
    [InlineData(0)]
    public async Task A_truncated_answer_is_asked_again_over_tcp(int ednsPayloadSize)
    {
        // Over UDP alone the answer does not fit: the server sets TC, which DnsClient, told not to fall back, reports.
        var udpOnly = new LookupClient(new LookupClientOptions(IPEndPoint.Parse(dns.Endpoint))
        {
            UseCache = false, UseTcpFallback = false, Retries = 0, ExtendedDnsBufferSize = ednsPayloadSize,
        });
        var truncated = await Assert.ThrowsAsync<DnsResponseException>(() => udpOnly.QueryAsync("long.test", QueryType.TXT));
        Assert.Contains("truncated", truncated.Message);

        var lookup = await TestDns.Client([dns.Endpoint], ednsPayloadSize: ednsPayloadSize).QueryAsync("long.test.", DnsRecordType.TXT);
        Assert.Equal(DnsResponseCode.NoError, lookup.ResponseCode);
        var record = Assert.Single(lookup.Records(DnsRecordType.TXT));
        Assert.Equal(7, record.Strings.Count);
        Assert.Equal(1400, record.Text.Length);
    }

    [Fact]
    public async Task A_negative_answer_is_kept_for_its_zones_soa_and_no_longer()
    {
        using var authority = await Dnsmasq.StartAsync(new TestZones().Authoritative("neg.test", ttl: 900).HostRecord("a.neg.test", "127.0.0.2"));
        var clock = new FakeTimeProvider();
        var client = new CachingDnsClient(TestDns.Client([authority.Endpoint]), clock, TimeSpan.FromHours(1));

        foreach (var (name, type, code) in new[] { ("nothing.neg.test.", DnsRecordType.A, DnsResponseCode.NXDomain), ("a.neg.test.", DnsRecordType.TXT, DnsResponseCode.NoError) })
        {
            var first = await client.QueryAsync(name, type);
            Assert.Equal(code, first.ResponseCode);
            Assert.Empty(first.Records(type));
            var soa = Assert.Single(first.Authorities);
            Assert.Equal((DnsRecordType.SOA, "neg.test", "ns.neg.test", 900u, 900u), (soa.Type, soa.Name, soa.Target, soa.Ttl, soa.Minimum));
            Assert.Equal(TimeSpan.FromSeconds(900), CachingDnsClient.TimeToLive(first));
        }

        clock.Advance(TimeSpan.FromSeconds(899));
        Assert.True((await client.QueryAsync("nothing.neg.test.", DnsRecordType.A)).FromCache);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await client.QueryAsync("nothing.neg.test.", DnsRecordType.A)).FromCache);
    }

    [Fact]
    public async Task Reads_txt_ptr_and_mx()
    {
        var client = TestDns.Client([dns.Endpoint]);
        Assert.Equal("v=spf1 -all", (await client.QueryAsync("short.test.", DnsRecordType.TXT)).Records(DnsRecordType.TXT).Single().Text);
        Assert.Equal("mail.pasto.test", (await client.QueryAsync("10.2.0.192.in-addr.arpa.", DnsRecordType.PTR)).Records(DnsRecordType.PTR).Single().Target);
        var mx = (await client.QueryAsync("pasto.test.", DnsRecordType.MX)).Records(DnsRecordType.MX).Single();
        Assert.Equal(((ushort)10, "mail.pasto.test"), (mx.Preference, mx.Target));
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_after_every_attempt()
    {
        using var silent = new SilentDnsServer();
        var lookup = await TestDns.Client([silent.Endpoint], attempts: 2, timeoutMs: 200).QueryAsync("multi.test.", DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Timeout, lookup.Status);
        Assert.Null(lookup.ResponseCode);
        Assert.Equal($"no answer from {silent.Endpoint} within 0.2 s", lookup.Error);
        Assert.True(lookup.Elapsed >= TimeSpan.FromMilliseconds(390), $"took {lookup.Elapsed}");
        Assert.Equal(2, silent.Received);
    }

    [Fact]
    public async Task The_next_server_answers_when_the_first_is_silent()
    {
        using var silent = new SilentDnsServer();
        // Attempts alternate silent, dnsmasq, silent, dnsmasq: one of dnsmasq's answers arrives even on a loaded machine.
        var lookup = await TestDns.Client([silent.Endpoint, dns.Endpoint], attempts: 4, timeoutMs: 500).QueryAsync("multi.test.", DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Answered, lookup.Status);
        Assert.Equal(dns.Endpoint, lookup.Server);
    }

    [Theory]
    [InlineData(60, 5)] // five labels of 60: past 255 bytes
    [InlineData(64, 1)] // one label of 64
    public async Task A_name_dns_cannot_carry_fails_that_lookup_only_and_the_error_keeps_the_key_out(int labelLength, int labels)
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', labelLength), labels)) + $".{DqsKey}.zen.test.";
        var lookup = await TestDns.Client([dns.Endpoint]).QueryAsync(name, DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Failed, lookup.Status);
        Assert.StartsWith("not a name DNS can carry: ", lookup.Error);
        Assert.Contains(labels > 1 ? "255 bytes" : "longer than 63 bytes", lookup.Error);
        Assert.DoesNotContain(DqsKey, lookup.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_error_text_holds_the_name_asked()
    {
        using var silent = new SilentDnsServer();
        var name = $"2.0.0.127.{DqsKey}.zen.test.";
        var failures = new[]
        {
            await TestDns.Client([silent.Endpoint], attempts: 1, timeoutMs: 100).QueryAsync(name, DnsRecordType.A),
            await TestDns.Client([$"127.0.0.1:{FreePort.Find()}"], attempts: 1, timeoutMs: 100).QueryAsync(name, DnsRecordType.A),
        };
        Assert.All(failures, f => Assert.DoesNotContain(DqsKey, f.Problem, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_closed_port_gets_no_answer_and_the_next_server_is_asked()
    {
        // DnsClient's UDP socket is not connected, so the kernel's "port unreachable" never reaches it: a closed
        // port is silence, and the attempt waits out its timeout.
        var closed = $"127.0.0.1:{FreePort.Find()}";
        var alone = await TestDns.Client([closed], attempts: 1, timeoutMs: 200).QueryAsync("multi.test.", DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Timeout, alone.Status);
        Assert.Equal(closed, alone.Server);

        var lookup = await TestDns.Client([closed, dns.Endpoint], attempts: 2, timeoutMs: 500).QueryAsync("multi.test.", DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Answered, lookup.Status);
        Assert.Equal(dns.Endpoint, lookup.Server);
    }
}
