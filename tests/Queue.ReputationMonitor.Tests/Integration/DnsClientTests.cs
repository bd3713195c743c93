using System.Net;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Integration;

/// <summary>Our DNS client against a real server (dnsmasq): records, RCODEs, TTLs, TCP fallback, silence, failover.</summary>
public sealed class DnsClientTests : IAsyncLifetime
{
    static readonly string Chunk = new('k', 200);
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
        // Over UDP alone the answer does not fit: the server sets TC and leaves the record out.
        var question = new DnsQuestion("long.test", DnsRecordType.TXT);
        var query = DnsMessageWriter.Query(7, question.Name, question.Type, ednsPayloadSize);
        var udp = await DnsExchange.UdpAsync(IPEndPoint.Parse(dns.Endpoint), query, question, TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.True(udp!.Truncated);
        Assert.Empty(udp.AnswersOf(DnsRecordType.TXT));

        var lookup = await TestDns.Client([dns.Endpoint], ednsPayloadSize: ednsPayloadSize).QueryAsync("long.test.", DnsRecordType.TXT);
        Assert.False(lookup.Response!.Truncated);
        var record = Assert.Single(lookup.Records(DnsRecordType.TXT));
        Assert.Equal(7, record.Strings.Count);
        Assert.Equal(1400, record.Text.Length);
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
        Assert.Null(lookup.Response);
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

    [Fact]
    public async Task A_name_too_long_for_dns_fails_that_lookup_only()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".zen.test.";
        var lookup = await TestDns.Client([dns.Endpoint]).QueryAsync(name, DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Failed, lookup.Status);
        Assert.Contains("longer than 255 bytes", lookup.Error);
    }

    [Fact]
    public async Task A_closed_port_is_a_failure_not_a_wait()
    {
        var lookup = await TestDns.Client([$"127.0.0.1:{FreePort.Find()}"], timeoutMs: 2000).QueryAsync("multi.test.", DnsRecordType.A);
        Assert.Equal(DnsLookupStatus.Failed, lookup.Status);
        Assert.True(lookup.Elapsed < TimeSpan.FromSeconds(1), $"took {lookup.Elapsed}");
    }
}
