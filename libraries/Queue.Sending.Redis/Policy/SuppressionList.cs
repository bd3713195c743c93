using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Policy;

/// <summary>
/// Addresses that get no mass mail, or no mail at all, per sending domain: unsubscribes, hard bounces, repeated
/// soft bounces, complaints and an operator's entries, each with its reason, source, date and optional end. In
/// Redis, one hash per domain: field = address, value = the address's entries (one per reason) as JSON.
/// Before this list had reasons, unsubscribes were a plain set per domain; it is still read, never written.
/// </summary>
public sealed class SuppressionList(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider clock)
{
    /// <summary>The latest entries kept for the status page.</summary>
    const int Latest = 200;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    string Prefix => options.Value.KeyPrefix;

    /// <summary>The latest additions of a domain: under the domain's hash tag, so one transaction can write both.</summary>
    RedisKey LatestKey(string domain) => $"{Prefix}:{{{domain.ToLowerInvariant()}}}:suppressions:latest";

    RedisKey DomainsKey => $"{Prefix}:suppressions:domains";

    /// <summary>A recipient unsubscribed with the one-click link: no more mass mail.</summary>
    public Task<bool> AddAsync(string domain, string address) =>
        AddAsync(new Suppression(domain, address, SuppressionReason.Unsubscribed, SuppressionScope.MassMail, "unsubscribe-link", "recipient", clock.GetUtcNow()));

    /// <summary>Adds (or renews) one entry; true when the address had no entry for that reason.</summary>
    public async Task<bool> AddAsync(Suppression suppression)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var plan = await PlanAsync([suppression]);
            var transaction = redis.GetDatabase().CreateTransaction();
            Apply(transaction, plan);
            if (await transaction.ExecuteAsync())
            {
                return plan.Single().Added;
            }
        }

        throw new InvalidOperationException($"the suppression of {suppression.Address} kept changing under this write");
    }

    /// <summary>Removes every entry of the address (or the one of <paramref name="reason"/>); true when there was one.</summary>
    public async Task<bool> RemoveAsync(string domain, string address, SuppressionReason? reason = null)
    {
        var database = redis.GetDatabase();
        var legacy = reason is null or SuppressionReason.Unsubscribed && await database.SetRemoveAsync(LegacyKey(domain), Normal(address));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await database.HashGetAsync(Key(domain), Normal(address));
            if (!current.HasValue)
            {
                return legacy;
            }

            var kept = reason is null ? [] : Entries(current).Where(e => e.Reason != reason).ToList();
            var transaction = database.CreateTransaction();
            transaction.AddCondition(Condition.HashEqual(Key(domain), Normal(address), current));
            _ = kept.Count == 0 ? transaction.HashDeleteAsync(Key(domain), Normal(address)) : transaction.HashSetAsync(Key(domain), Normal(address), JsonSerializer.Serialize(kept, Json));
            if (await transaction.ExecuteAsync())
            {
                return legacy || kept.Count < Entries(current).Count();
            }
        }

        throw new InvalidOperationException($"the suppression of {address} kept changing under this write");
    }

    public Task<bool> RemoveAsync(string domain, string address) => RemoveAsync(domain, address, null);

    /// <summary>The entries in force for these recipients of a request, in one round trip.</summary>
    public async Task<RecipientSuppressions> LookupAsync(string domain, IReadOnlyCollection<string> addresses)
    {
        if (addresses.Count == 0)
        {
            return RecipientSuppressions.None;
        }

        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var fields = addresses.Select(a => (RedisValue)Normal(a)).ToArray();
        var entries = batch.HashGetAsync(Key(domain), fields);
        var legacy = addresses.Select(a => (Address: a, Task: batch.SetContainsAsync(LegacyKey(domain), Normal(a)))).ToList();
        batch.Execute();
        var now = clock.GetUtcNow();
        var found = (await entries).Where(v => v.HasValue).SelectMany(Entries).Where(e => e.InForce(now)).ToList();
        await Task.WhenAll(legacy.Select(l => l.Task));
        found.AddRange(legacy.Where(l => l.Task.Result).Select(l => new Suppression(domain, l.Address, SuppressionReason.Unsubscribed, SuppressionScope.MassMail, "unsubscribe-link", "recipient", DateTimeOffset.MinValue)));
        return new RecipientSuppressions(found);
    }

    /// <summary>Which of <paramref name="addresses"/> get no mass mail, in one round trip.</summary>
    public async Task<IReadOnlySet<string>> WhichAsync(string domain, IReadOnlyCollection<string> addresses)
    {
        var found = await LookupAsync(domain, addresses);
        return addresses.Where(found.FromMass).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every entry of a domain (or of every domain), in force or lapsed, by address.</summary>
    public async Task<IReadOnlyList<Suppression>> ListAsync(string? domain, string? address = null)
    {
        var database = redis.GetDatabase();
        var domains = domain is not null ? [domain.ToLowerInvariant()] : (await database.SetMembersAsync(DomainsKey)).Select(d => (string)d!).Order().ToList();
        var all = new List<Suppression>();
        foreach (var d in domains)
        {
            if (address is not null)
            {
                var value = await database.HashGetAsync(Key(d), Normal(address));
                all.AddRange(value.HasValue ? Entries(value) : []);
                if (await database.SetContainsAsync(LegacyKey(d), Normal(address)))
                {
                    all.Add(LegacyEntry(d, Normal(address)));
                }

                continue;
            }

            all.AddRange((await database.HashValuesAsync(Key(d))).SelectMany(Entries));
            all.AddRange((await database.SetMembersAsync(LegacyKey(d))).Select(a => LegacyEntry(d, (string)a!)));
        }

        return all.OrderBy(s => s.Domain).ThenBy(s => s.Address).ThenBy(s => s.Reason).ToList();
    }

    /// <summary>The newest additions first, for the status page.</summary>
    public async Task<IReadOnlyList<Suppression>> LatestAsync(int count)
    {
        var database = redis.GetDatabase();
        var all = new List<Suppression>();
        foreach (var domain in await database.SetMembersAsync(DomainsKey))
        {
            all.AddRange((await database.ListRangeAsync(LatestKey((string)domain!), 0, Math.Clamp(count, 1, Latest) - 1))
                .Select(v => JsonSerializer.Deserialize<Suppression>((string)v!, Json)!));
        }

        return all.OrderByDescending(s => s.At).Take(count).ToList();
    }

    /// <summary>
    /// What writing these entries takes, read now: each write is conditioned on the field still holding what was
    /// read, so a caller can make them part of a larger transaction (a bounce report's counters and done-marker).
    /// </summary>
    public async Task<IReadOnlyList<SuppressionWrite>> PlanAsync(IReadOnlyList<Suppression> suppressions)
    {
        var database = redis.GetDatabase();
        var plan = new List<SuppressionWrite>();
        foreach (var group in suppressions.GroupBy(s => (Domain: s.Domain.ToLowerInvariant(), Address: Normal(s.Address))))
        {
            await database.SetAddAsync(DomainsKey, group.Key.Domain);
            var current = await database.HashGetAsync(Key(group.Key.Domain), group.Key.Address);
            var entries = current.HasValue ? Entries(current).ToList() : [];
            var added = false;
            foreach (var s in group)
            {
                var normal = s with { Domain = group.Key.Domain, Address = group.Key.Address };
                added |= entries.RemoveAll(e => e.Reason == s.Reason) == 0;
                entries.Add(normal);
            }

            plan.Add(new SuppressionWrite(Key(group.Key.Domain), group.Key.Domain, group.Key.Address, current, JsonSerializer.Serialize(entries, Json), added, group.ToList()));
        }

        return plan;
    }

    /// <summary>Adds the planned writes, with their conditions, to a transaction.</summary>
    public void Apply(ITransaction transaction, IReadOnlyList<SuppressionWrite> plan)
    {
        foreach (var write in plan)
        {
            transaction.AddCondition(write.Read.HasValue ? Condition.HashEqual(write.Key, write.Address, write.Read) : Condition.HashNotExists(write.Key, write.Address));
            _ = transaction.HashSetAsync(write.Key, write.Address, write.Value);
            foreach (var s in write.Entries)
            {
                _ = transaction.ListLeftPushAsync(LatestKey(write.Domain), JsonSerializer.Serialize(s with { Domain = write.Domain, Address = write.Address }, Json));
            }

            _ = transaction.ListTrimAsync(LatestKey(write.Domain), 0, Latest - 1);
        }
    }

    IEnumerable<Suppression> Entries(RedisValue value) => JsonSerializer.Deserialize<List<Suppression>>((string)value!, Json) ?? [];

    static Suppression LegacyEntry(string domain, string address) =>
        new(domain, address, SuppressionReason.Unsubscribed, SuppressionScope.MassMail, "unsubscribe-link", "recipient", DateTimeOffset.MinValue);

    static string Normal(string address) => address.Trim().ToLowerInvariant();

    /// <summary>The domain's hash tag, for keys that must share a transaction with its suppressions.</summary>
    public string Tag(string domain) => $"{Prefix}:{{{domain.ToLowerInvariant()}}}";

    RedisKey Key(string domain) => $"{Prefix}:{{{domain.ToLowerInvariant()}}}:suppressions";

    RedisKey LegacyKey(string domain) => $"{Prefix}:{{{domain.ToLowerInvariant()}}}:unsubscribed";
}
