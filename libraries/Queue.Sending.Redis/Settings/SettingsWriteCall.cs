using StackExchange.Redis;

namespace Queue.Sending.Settings;

/// <summary>
/// The shared settings' compare-and-set script: its KEYS and ARGV built from typed values and its answer read
/// back, the only code that knows their positions.
/// </summary>
/// <param name="Expected">The version the change was based on.</param>
/// <param name="Document">The new document (JSON), version included.</param>
/// <param name="Changed">Where replicas hear of the new version.</param>
sealed record SettingsWriteCall(RedisKey Current, RedisKey History, long Expected, string Document, RedisChannel Changed, int HistoryLength)
{
    // KEYS: current, history. ARGV: expected version, new document, channel, history length.
    // Returns {1, version} written, or {0, stored version} when another change came first.
    const string Script = """
        local cur = redis.call('GET', KEYS[1])
        local v = 0
        if cur then v = tonumber(cjson.decode(cur)['Version']) end
        if v ~= tonumber(ARGV[1]) then return {0, v} end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('LPUSH', KEYS[2], ARGV[2])
        redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
        redis.call('PUBLISH', ARGV[3], v + 1)
        return {1, v + 1}
        """;

    public RedisKey[] Keys() => [Current, History];

    public RedisValue[] Arguments() => [Expected, Document, Changed.ToString(), HistoryLength];

    public async Task<(bool Written, long Version)> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(Script, Keys(), Arguments()));

    public static (bool Written, long Version) Parse(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return ((long)values[0] == 1, (long)values[1]);
    }
}
