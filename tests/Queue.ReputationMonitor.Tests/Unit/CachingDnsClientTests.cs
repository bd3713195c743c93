using System.Net;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Unit;

public class CachingDnsClientTests
{
    readonly FakeTimeProvider clock = new();
    readonly CountingClient inner = new();

    sealed class CountingClient : IDnsClient
    {
        public int Calls { get; private set; }

        public DnsLookup Next { get; set; } = Answers.NxDomain();

        public Task<DnsLookup> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(Next);
        }
    }

    CachingDnsClient Client(TimeSpan? max = null) => new(inner, clock, max ?? TimeSpan.FromHours(1));

    static DnsLookup Address(uint ttl) => Answers.Response(DnsResponseCode.NoError,
        new DnsRecord("q.test", DnsRecordType.A, ttl) { Address = IPAddress.Parse("127.0.0.2") });

    [Fact]
    public async Task An_answer_is_kept_for_its_smallest_ttl()
    {
        inner.Next = Address(60);
        var client = Client();
        await client.QueryAsync("q.test.", DnsRecordType.A);
        clock.Advance(TimeSpan.FromSeconds(59));
        var cached = await client.QueryAsync("Q.TEST", DnsRecordType.A);
        Assert.True(cached.FromCache);
        Assert.Equal(1, inner.Calls);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await client.QueryAsync("q.test", DnsRecordType.A)).FromCache);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task The_cap_bounds_a_long_ttl()
    {
        inner.Next = Address(86400);
        var client = Client(TimeSpan.FromMinutes(10));
        await client.QueryAsync("q.test", DnsRecordType.A);
        clock.Advance(TimeSpan.FromMinutes(10));
        await client.QueryAsync("q.test", DnsRecordType.A);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_negative_answer_is_kept_for_the_soa_negative_ttl()
    {
        inner.Next = Answers.Response(DnsResponseCode.NXDomain) with
        {
            Authorities = [new DnsRecord("test", DnsRecordType.SOA, 900) { Minimum = 120 }],
        };
        Assert.Equal(TimeSpan.FromSeconds(120), CachingDnsClient.TimeToLive(inner.Next));
        var client = Client();
        await client.QueryAsync("q.test", DnsRecordType.A);
        clock.Advance(TimeSpan.FromSeconds(119));
        await client.QueryAsync("q.test", DnsRecordType.A);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Failures_and_answers_without_ttl_are_never_kept()
    {
        var client = Client();
        foreach (var lookup in new[] { Answers.Timeout(), Answers.Response(DnsResponseCode.ServFail), Answers.NxDomain(), Address(0) })
        {
            inner.Next = lookup;
            await client.QueryAsync("q.test", DnsRecordType.A);
            await client.QueryAsync("q.test", DnsRecordType.A);
        }

        Assert.Equal(8, inner.Calls);
    }
}
