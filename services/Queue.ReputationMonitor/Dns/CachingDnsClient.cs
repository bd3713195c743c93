using System.Collections.Concurrent;

namespace Queue.ReputationMonitor.Dns;

/// <summary>
/// Keeps definite answers for their TTL (negative answers for the SOA's negative TTL, RFC 2308), capped, so the
/// same name asked twice within its TTL (a round's TXT after its A, FCrDNS) costs the list nothing.
/// </summary>
/// <remarks>
/// Ours rather than DnsClient's response cache: that one keeps NXDOMAIN for one fixed
/// <c>FailedResultsCacheDuration</c> (not the zone's SOA), keeps NODATA for the smallest TTL of every record in the
/// response (the SOA's own TTL, not min(TTL, MINIMUM)), and counts time on the wall clock, not the monitor's clock.
/// </remarks>
public sealed class CachingDnsClient(IDnsClient inner, TimeProvider clock, TimeSpan maxTtl) : IDnsClient
{
    const int PruneAbove = 4096;

    readonly ConcurrentDictionary<(string Name, DnsRecordType Type), (DnsLookup Lookup, DateTimeOffset Expires)> entries = new();

    public async Task<DnsLookup> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        var key = (DnsName.Normalize(name), type);
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Lookup with { FromCache = true, Elapsed = TimeSpan.Zero };
        }

        var lookup = await inner.QueryAsync(name, type, cancellationToken);
        var ttl = TimeToLive(lookup);
        if (ttl > TimeSpan.Zero)
        {
            if (entries.Count > PruneAbove)
            {
                Prune(now);
            }

            entries[key] = (lookup, now + (ttl < maxTtl ? ttl : maxTtl));
        }

        return lookup;
    }

    /// <summary>The smallest TTL of the answer; for NXDOMAIN or no data, min(SOA TTL, SOA MINIMUM); else nothing.</summary>
    public static TimeSpan TimeToLive(DnsLookup lookup)
    {
        if (!lookup.IsDefinite)
        {
            return TimeSpan.Zero;
        }

        var answers = lookup.Answers.Where(r => r.Type == lookup.Type || r.Type == DnsRecordType.CNAME).ToList();
        if (lookup.ResponseCode == DnsResponseCode.NoError && answers.Any(r => r.Type == lookup.Type))
        {
            return TimeSpan.FromSeconds(answers.Min(r => r.Ttl));
        }

        return lookup.Authorities.FirstOrDefault(r => r.Type == DnsRecordType.SOA) is { } soa
            ? TimeSpan.FromSeconds(Math.Min(soa.Ttl, soa.Minimum))
            : TimeSpan.Zero;
    }

    void Prune(DateTimeOffset now)
    {
        foreach (var (key, value) in entries)
        {
            if (value.Expires <= now)
            {
                entries.TryRemove(key, out _);
            }
        }
    }
}
