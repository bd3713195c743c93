using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.Gateway.Status;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Gateway.Operations;

/// <summary>Who asked the gateway to pause, resume, approve or deny what, and when: the newest 10,000 entries.</summary>
public sealed class OperationsAudit(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider clock)
{
    const int Length = 10_000;

    RedisKey Key => $"{options.Value.KeyPrefix}:gateway:audit";

    public async Task RecordAsync(string action, string target, string by, string? detail)
    {
        var entry = new AuditEntry(clock.GetUtcNow(), action, target, by, detail);
        await redis.GetDatabase().ListLeftPushAsync(Key, JsonSerializer.Serialize(entry, RequestStatusStore.Json));
        await redis.GetDatabase().ListTrimAsync(Key, 0, Length - 1);
    }

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int count) =>
        (await redis.GetDatabase().ListRangeAsync(Key, 0, count - 1)).Select(v => JsonSerializer.Deserialize<AuditEntry>((string)v!, RequestStatusStore.Json)!).ToList();
}
