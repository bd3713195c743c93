using StackExchange.Redis;

namespace Queue.Sending.Ledger;

/// <summary>The ledger's script that releases a claim, only while it is still this attempt's (<paramref name="Token"/>).</summary>
sealed record ClaimAbandonCall(RedisKey Key, string Token)
{
    const string Script = """
        local v = redis.call('GET', KEYS[1])
        if v and string.match(v, '^sending:%d+:(%w+)') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public RedisKey[] Keys() => [Key];

    public RedisValue[] Arguments() => [Token];

    /// <summary>False when the claim was no longer this attempt's (or gone).</summary>
    public async Task<bool> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(Script, Keys(), Arguments()));

    public static bool Parse(RedisResult result) => (long)result == 1;
}
