namespace Queue.ReputationMonitor.Dns;

public interface IDnsClient
{
    /// <summary>Never throws for DNS or network trouble: that is in the lookup's status. Only cancellation throws.</summary>
    Task<DnsLookup> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default);
}
