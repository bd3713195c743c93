using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Policy;

/// <summary>Addresses that unsubscribed from mass mail, per sending domain. Confidential and operational mail still reach them.</summary>
public sealed class SuppressionList(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    public Task<bool> AddAsync(string domain, string address) => redis.GetDatabase().SetAddAsync(Key(domain), address.ToLowerInvariant());

    public Task<bool> RemoveAsync(string domain, string address) => redis.GetDatabase().SetRemoveAsync(Key(domain), address.ToLowerInvariant());

    /// <summary>Which of <paramref name="addresses"/> unsubscribed, in one round trip.</summary>
    public async Task<IReadOnlySet<string>> WhichAsync(string domain, IReadOnlyCollection<string> addresses)
    {
        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var checks = addresses.Select(a => (Address: a, Task: batch.SetContainsAsync(Key(domain), a.ToLowerInvariant()))).ToList();
        batch.Execute();
        await Task.WhenAll(checks.Select(c => c.Task));
        return checks.Where(c => c.Task.Result).Select(c => c.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    RedisKey Key(string domain) => $"{options.Value.KeyPrefix}:{{{domain.ToLowerInvariant()}}}:unsubscribed";
}
