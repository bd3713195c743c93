using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Bounces;

/// <summary>The record of reports moved aside (the newest 1,000), so an operator can see why without opening the mailbox.</summary>
public sealed class SetAsideReports(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    const int Length = 1000;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    RedisKey Key => $"{options.Value.KeyPrefix}:bounces:set-aside";

    public async Task RecordAsync(SetAsideReport report)
    {
        await redis.GetDatabase().ListLeftPushAsync(Key, JsonSerializer.Serialize(report, Json));
        await redis.GetDatabase().ListTrimAsync(Key, 0, Length - 1);
    }

    public async Task<IReadOnlyList<SetAsideReport>> LatestAsync(int count) =>
        (await redis.GetDatabase().ListRangeAsync(Key, 0, Math.Clamp(count, 1, Length) - 1)).Select(v => JsonSerializer.Deserialize<SetAsideReport>((string)v!, Json)!).ToList();
}
