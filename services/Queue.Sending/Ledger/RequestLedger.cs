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
    // A claim is "sending:<lease end, ms since the epoch on Redis's clock>:<token>" and outlives its lease, so a
    // later attempt can tell an expired claim (its process died mid-send: in doubt) from no claim at all.
    const string BeginScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('GET', KEYS[1])
        local state = 'began'
        if v then
            if v == 'sent' or v == 'failed' then return v end
            local leaseEnd, owner = string.match(v, '^sending:(%d+):(%w+)$')
            if ARGV[4] == '' or owner ~= ARGV[4] then
                if leaseEnd == nil or tonumber(leaseEnd) > now then return 'sending' end
                state = 'resumed'
            end
        end
        redis.call('SET', KEYS[1], 'sending:' .. (now + tonumber(ARGV[1])) .. ':' .. ARGV[3], 'PX', ARGV[2])
        return state
        """;

    const string AbandonScript = """
        local v = redis.call('GET', KEYS[1])
        if v and string.sub(v, -string.len(ARGV[1]) - 1) == ':' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>A token for a new claim.</summary>
    public static string NewToken() => Guid.NewGuid().ToString("N");

    /// <param name="token">Names the claim this attempt makes (<see cref="NewToken"/>), known before the call.</param>
    /// <param name="handedOn">
    /// The token of a claim an earlier attempt held when it stopped before reaching the SMTP server (it travels with
    /// the request): that claim is taken over at once, neither waited out nor called in doubt, and renamed to
    /// <paramref name="token"/>, so another copy carrying the same old token cannot take it too.
    /// </param>
    /// <param name="lease">How long the claim holds if this process dies while sending.</param>
    /// <param name="retention">How long an expired claim is remembered, to report the next attempt as in doubt.</param>
    public async Task<RequestClaim> TryBeginAsync(Guid requestId, string token, string? handedOn, TimeSpan lease, TimeSpan retention)
    {
        var state = (string?)await redis.GetDatabase().ScriptEvaluateAsync(
            BeginScript, [Key(requestId)], [(long)lease.TotalMilliseconds, (long)(lease + retention).TotalMilliseconds, token, handedOn ?? ""]);
        return new RequestClaim(requestId, state switch
        {
            "began" => RequestState.Began,
            "resumed" => RequestState.Resumed,
            "sending" => RequestState.InFlight,
            "sent" => RequestState.Sent,
            _ => RequestState.Failed,
        }, token);
    }

    public Task CompleteAsync(Guid requestId, RequestState outcome, TimeSpan retention) =>
        redis.GetDatabase().StringSetAsync(Key(requestId), outcome == RequestState.Sent ? "sent" : "failed", retention);

    /// <summary>Releases this attempt's claim without an outcome, so a later delivery may try again.</summary>
    public Task AbandonAsync(RequestClaim claim) =>
        redis.GetDatabase().ScriptEvaluateAsync(AbandonScript, [Key(claim.RequestId)], [claim.Token]);

    RedisKey Key(Guid requestId) => $"{options.Value.KeyPrefix}:request:{requestId:N}";
}
