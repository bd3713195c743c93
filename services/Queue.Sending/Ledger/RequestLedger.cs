using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Ledger;

/// <summary>
/// What became of each RequestId, in Redis, so a duplicate or redelivered request is never sent twice — by
/// this replica or another, and across restarts.
/// </summary>
public sealed class RequestLedger(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    const string Sending = "sending";

    const string BeginScript = """
        local v = redis.call('GET', KEYS[1])
        if v then return v end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 'began'
        """;

    const string AbandonScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <param name="lease">How long the claim holds if this process dies while sending.</param>
    public async Task<RequestState> TryBeginAsync(Guid requestId, TimeSpan lease)
    {
        var state = (string?)await redis.GetDatabase().ScriptEvaluateAsync(BeginScript, [Key(requestId)], [Sending, (long)lease.TotalMilliseconds]);
        return state switch
        {
            "began" => RequestState.Began,
            Sending => RequestState.InFlight,
            "sent" => RequestState.Sent,
            _ => RequestState.Failed,
        };
    }

    public Task CompleteAsync(Guid requestId, RequestState outcome, TimeSpan retention) =>
        redis.GetDatabase().StringSetAsync(Key(requestId), outcome == RequestState.Sent ? "sent" : "failed", retention);

    /// <summary>Releases the claim without an outcome, so a later delivery may try again.</summary>
    public Task AbandonAsync(Guid requestId) =>
        redis.GetDatabase().ScriptEvaluateAsync(AbandonScript, [Key(requestId)], [Sending]);

    RedisKey Key(Guid requestId) => $"{options.Value.KeyPrefix}:request:{requestId:N}";
}
