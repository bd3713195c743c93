using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Control;

/// <summary>The holds on sending, in Redis: every dispatcher replica applies the same set, also after a restart.</summary>
public sealed class SendingHoldStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    RedisKey Key => $"{options.Value.KeyPrefix}:holds";

    public Task SetAsync(SendingHold hold) => redis.GetDatabase().HashSetAsync(Key, Field(hold.Scope, hold.Source), JsonSerializer.Serialize(hold, Json));

    public Task<bool> RemoveAsync(string scope, string source) => redis.GetDatabase().HashDeleteAsync(Key, Field(scope, source));

    /// <summary>All holds still in force (those whose end passed are left out).</summary>
    public async Task<IReadOnlyList<SendingHold>> AllAsync(DateTimeOffset now) =>
        (await redis.GetDatabase().HashValuesAsync(Key))
            .Select(v => JsonSerializer.Deserialize<SendingHold>((string)v!, Json)!)
            .Where(h => h.Until is null || h.Until > now)
            .ToList();

    static string Field(string scope, string source) => $"{scope.ToLowerInvariant()}|{source}";
}
