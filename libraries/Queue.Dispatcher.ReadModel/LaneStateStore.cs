using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using Queue.Sending.Lanes;
using StackExchange.Redis;

namespace Queue.Dispatcher.ReadModel;

/// <summary>
/// The read model of each lane's holds: the dispatcher writes a field per hold source of a hash per lane, the gateway
/// reads it. Holds from several replicas add up; one whose end has passed (its replica died before releasing it)
/// is left out when read.
/// </summary>
public sealed class LaneStateStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task SetAsync(string account, LaneHold hold) =>
        redis.GetDatabase().HashSetAsync(Key(account), hold.Source, JsonSerializer.Serialize(hold, Json));

    public Task RemoveAsync(string account, string source) => redis.GetDatabase().HashDeleteAsync(Key(account), source);

    /// <summary>The holds in force on the account's lane, earliest first.</summary>
    public async Task<IReadOnlyList<LaneHold>> ForAsync(string account, DateTimeOffset now) =>
        (await redis.GetDatabase().HashValuesAsync(Key(account)))
            .Select(v => JsonSerializer.Deserialize<LaneHold>((string)v!, Json)!)
            .Where(h => h.Until is null || h.Until > now)
            .OrderBy(h => h.Since)
            .ToList();

    RedisKey Key(string account) => $"{options.Value.KeyPrefix}:lane:{account.ToLowerInvariant()}";
}
