using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Settings;

/// <summary>
/// The shared settings in Redis: <c>settings:current</c> holds the whole document with its version; a change is
/// written only if the version it was based on is still the stored one (compare-and-set in one script), kept in
/// a short history, and announced on a channel so every replica reloads at once.
/// </summary>
public sealed class SharedSettingsStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    const int HistoryLength = 100;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    string Prefix => options.Value.KeyPrefix;

    RedisKey Current => $"{Prefix}:settings:current";

    RedisKey History => $"{Prefix}:settings:history";

    public RedisChannel Channel => RedisChannel.Literal($"{Prefix}:settings:changed");

    public async Task<SharedSettingsDocument?> ReadAsync()
    {
        var stored = await redis.GetDatabase().StringGetAsync(Current);
        return stored.IsNull ? null : JsonSerializer.Deserialize<SharedSettingsDocument>((string)stored!, Json);
    }

    /// <summary>Stores <paramref name="document"/> as version <c>expected + 1</c>; false when the stored version is not <paramref name="expected"/>.</summary>
    public async Task<(bool Written, long Version)> WriteAsync(long expected, SharedSettingsDocument document)
    {
        var next = document with { Version = expected + 1 };
        return await new SettingsWriteCall(Current, History, expected, JsonSerializer.Serialize(next, Json), Channel, HistoryLength).RunAsync(redis.GetDatabase());
    }

    public async Task<IReadOnlyList<SharedSettingsDocument>> HistoryAsync(int count) =>
        (await redis.GetDatabase().ListRangeAsync(History, 0, count - 1))
            .Select(v => JsonSerializer.Deserialize<SharedSettingsDocument>((string)v!, Json)!).ToList();
}
