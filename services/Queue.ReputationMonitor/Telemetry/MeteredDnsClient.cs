using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Telemetry;

/// <summary>Records the duration of every lookup that reached the network (the cache sits outside it).</summary>
public sealed class MeteredDnsClient(IDnsClient inner, ReputationMetrics metrics) : IDnsClient
{
    public async Task<DnsLookup> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        var lookup = await inner.QueryAsync(name, type, cancellationToken);
        metrics.Duration(lookup);
        return lookup;
    }
}
