using StackExchange.Redis;

namespace Queue.Sending.Ledger;

/// <summary>The ledger's script that records an outcome decided outside a send.</summary>
/// <param name="Outcome">The outcome as stored (JSON).</param>
sealed record OutcomeSettleCall(RedisKey Key, string Outcome, TimeSpan Retention)
{
    // Writes the outcome unless the request is finished already or an attempt holds a live claim on it.
    const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('GET', KEYS[1])
        if v then
            if string.sub(v, 1, 8) ~= 'sending:' then return 'finished' end
            local leaseEnd = string.match(v, '^sending:(%d+):')
            if leaseEnd ~= nil and tonumber(leaseEnd) > now then return 'sending' end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 'settled'
        """;

    public RedisKey[] Keys() => [Key];

    public RedisValue[] Arguments() => [Outcome, (long)Retention.TotalMilliseconds];

    public async Task<SettleResult> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(Script, Keys(), Arguments()));

    /// <summary>"settled", "sending" (a live claim) or "finished".</summary>
    public static SettleResult Parse(RedisResult result) => (string?)result switch
    {
        "settled" => SettleResult.Settled,
        "sending" => SettleResult.Sending,
        _ => SettleResult.Finished,
    };
}
