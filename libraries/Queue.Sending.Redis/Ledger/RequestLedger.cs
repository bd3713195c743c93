using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Ledger;

/// <summary>
/// What became of each RequestId, in Redis, so a duplicate or redelivered request is never sent twice — by
/// this replica or another, and across restarts — and so its outcome can be announced again.
/// </summary>
public sealed class RequestLedger(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    // A claim is "sending:<lease end, ms since the epoch on Redis's clock>:<token>:<quota attempt>" and outlives its
    // lease, so a later attempt can tell an expired claim (its process died mid-send: in doubt) from no claim at
    // all. Any other value is the outcome (JSON; "sent"/"failed" from older versions). The quota attempt carries
    // over only when the claim is handed on, that is when the earlier attempt stopped before SMTP.
    const string BeginScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('GET', KEYS[1])
        local state, quota = 'began', ARGV[3]
        if v then
            if string.sub(v, 1, 8) ~= 'sending:' then return v end
            local leaseEnd, owner, q = string.match(v, '^sending:(%d+):(%w+):?(%w*)$')
            if ARGV[4] ~= '' and owner == ARGV[4] then
                if q ~= nil and q ~= '' then quota = q end
            else
                if leaseEnd == nil or tonumber(leaseEnd) > now then return 'sending' end
                state = 'resumed'
            end
        end
        redis.call('SET', KEYS[1], 'sending:' .. (now + tonumber(ARGV[1])) .. ':' .. ARGV[3] .. ':' .. quota, 'PX', ARGV[2])
        return state .. ':' .. quota
        """;

    const string AbandonScript = """
        local v = redis.call('GET', KEYS[1])
        if v and string.match(v, '^sending:%d+:(%w+)') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // Moves this attempt's lease end to now + ARGV[2], keeping its quota attempt; nothing if the claim is no longer ours.
    const string RenewScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('GET', KEYS[1])
        if not v then return 0 end
        local owner, q = string.match(v, '^sending:%d+:(%w+):?(%w*)$')
        if owner ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], 'sending:' .. (now + tonumber(ARGV[2])) .. ':' .. owner .. ':' .. q, 'PX', ARGV[3])
        return 1
        """;

    // Writes the outcome unless the request is finished already or an attempt holds a live claim on it.
    const string SettleScript = """
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

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

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
        var value = (string?)await redis.GetDatabase().ScriptEvaluateAsync(
            BeginScript, [Key(requestId)], [(long)lease.TotalMilliseconds, (long)(lease + retention).TotalMilliseconds, token, handedOn ?? ""]) ?? "";
        var split = value.IndexOf(':');
        return (split < 0 ? value : value[..split]) switch
        {
            "began" => new RequestClaim(requestId, RequestState.Began, token, value[(split + 1)..]),
            "resumed" => new RequestClaim(requestId, RequestState.Resumed, token, value[(split + 1)..]),
            "sending" => new RequestClaim(requestId, RequestState.InFlight, token),
            _ => Finished(requestId, value, token),
        };
    }

    /// <summary>Records the outcome; the claim, if any, ends with it.</summary>
    public Task CompleteAsync(RequestOutcome outcome, Guid requestId, TimeSpan retention) =>
        redis.GetDatabase().StringSetAsync(Key(requestId), JsonSerializer.Serialize(outcome, Json), retention);

    /// <summary>
    /// Records an outcome decided outside a send (an operator's cancellation), unless the request is finished or
    /// an attempt is sending it right now.
    /// </summary>
    public async Task<SettleResult> TrySettleAsync(Guid requestId, RequestOutcome outcome, TimeSpan retention) =>
        (string?)await redis.GetDatabase().ScriptEvaluateAsync(
            SettleScript, [Key(requestId)], [JsonSerializer.Serialize(outcome, Json), (long)retention.TotalMilliseconds]) switch
        {
            "settled" => SettleResult.Settled,
            "sending" => SettleResult.Sending,
            _ => SettleResult.Finished,
        };

    /// <summary>The request's outcome if it is finished; null while it is not (claimed or not).</summary>
    public async Task<RequestClaim?> PeekAsync(Guid requestId)
    {
        var value = (string?)await redis.GetDatabase().StringGetAsync(Key(requestId));
        return value is null || value.StartsWith("sending:", StringComparison.Ordinal) ? null : Finished(requestId, value, "");
    }

    /// <summary>
    /// Starts the claim's lease again from now, just before SMTP, so time spent waiting for quota does not shorten
    /// the send's cover. False when the claim is no longer this attempt's (its lease ran out and another attempt
    /// took it, or an outcome was recorded): then this attempt must not send.
    /// </summary>
    public async Task<bool> RenewAsync(RequestClaim claim, TimeSpan lease, TimeSpan retention) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(
            RenewScript, [Key(claim.RequestId)], [claim.Token, (long)lease.TotalMilliseconds, (long)(lease + retention).TotalMilliseconds]) == 1;

    /// <summary>Releases this attempt's claim without an outcome, so a later delivery may try again.</summary>
    public Task AbandonAsync(RequestClaim claim) =>
        redis.GetDatabase().ScriptEvaluateAsync(AbandonScript, [Key(claim.RequestId)], [claim.Token]);

    static RequestClaim Finished(Guid requestId, string value, string token)
    {
        if (value.StartsWith('{'))
        {
            var outcome = JsonSerializer.Deserialize<RequestOutcome>(value, Json)!;
            return new RequestClaim(requestId, outcome.State, token, Outcome: outcome);
        }

        // Written by a version that kept no event: nothing to announce again.
        return new RequestClaim(requestId, value == "sent" ? RequestState.Sent : RequestState.Failed, token);
    }

    RedisKey Key(Guid requestId) => $"{options.Value.KeyPrefix}:request:{requestId:N}";
}
