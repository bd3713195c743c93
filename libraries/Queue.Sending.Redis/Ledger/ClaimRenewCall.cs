using StackExchange.Redis;

namespace Queue.Sending.Ledger;

/// <summary>The ledger's script that starts a claim's lease again from now, only while it is this attempt's.</summary>
sealed record ClaimRenewCall(RedisKey Key, string Token, TimeSpan Lease, TimeSpan Retention)
{
    // Moves this attempt's lease end to now + ARGV[2], keeping its quota attempt; nothing if the claim is no longer ours.
    const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('GET', KEYS[1])
        if not v then return 0 end
        local owner, q = string.match(v, '^sending:%d+:(%w+):?(%w*)$')
        if owner ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], 'sending:' .. (now + tonumber(ARGV[2])) .. ':' .. owner .. ':' .. q, 'PX', ARGV[3])
        return 1
        """;

    public RedisKey[] Keys() => [Key];

    public RedisValue[] Arguments() => [Token, (long)Lease.TotalMilliseconds, (long)(Lease + Retention).TotalMilliseconds];

    /// <summary>False when the claim is no longer this attempt's.</summary>
    public async Task<bool> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(Script, Keys(), Arguments()));

    public static bool Parse(RedisResult result) => (long)result == 1;
}
