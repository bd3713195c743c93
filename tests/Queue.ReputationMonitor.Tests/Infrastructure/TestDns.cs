using Microsoft.Extensions.Logging.Abstractions;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Options;
using static Microsoft.Extensions.Options.Options;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

static class TestDns
{
    /// <summary>
    /// Our client pointed at test servers only. The defaults let a loaded machine answer from loopback in time; tests
    /// about silence pass short timeouts of their own.
    /// </summary>
    public static LookupDnsClient Client(string[] servers, int attempts = 2, int timeoutMs = 2000, int ednsPayloadSize = 1232) =>
        new(Create(new ResolverOptions
        {
            Servers = [.. servers], Attempts = attempts, Timeout = TimeSpan.FromMilliseconds(timeoutMs), EdnsPayloadSize = ednsPayloadSize,
        }), NullLogger<LookupDnsClient>.Instance);
}
