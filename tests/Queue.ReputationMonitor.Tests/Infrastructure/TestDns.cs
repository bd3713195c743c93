using Microsoft.Extensions.Logging.Abstractions;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Options;
using static Microsoft.Extensions.Options.Options;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

static class TestDns
{
    /// <summary>Our client pointed at test servers only, with timeouts short enough for a test.</summary>
    public static DnsClient Client(string[] servers, int attempts = 1, int timeoutMs = 300, int ednsPayloadSize = 1232) =>
        new(Create(new ResolverOptions
        {
            Servers = [.. servers], Attempts = attempts, Timeout = TimeSpan.FromMilliseconds(timeoutMs), EdnsPayloadSize = ednsPayloadSize,
        }), NullLogger<DnsClient>.Instance);
}
