using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>
/// Per-account and per-domain limits in fixed windows aligned to the Unix epoch, checked and consumed all or
/// nothing by one Lua script, on Redis's own clock. Keys of one domain share the hash tag <c>{domain}</c>.
/// </summary>
public sealed class RedisQuotaGate(IConnectionMultiplexer redis, IOptions<QuotaOptions> quotas, IOptions<RedisOptions> redisOptions) : IQuotaGate
{
    static readonly TimeSpan ReservationRetention = TimeSpan.FromDays(2);

    // KEYS[1] reservation, KEYS[2..] one hash per limit {w = window index, m = messages, r = recipients}.
    // ARGV[1] recipients, ARGV[2] reservation ttl ms, then per limit: window ms, message cap, recipient cap (-1: none).
    // Returns {1, now} granted, {0, retry-at ms, limit index} denied, {2, now, limit index} too large.
    const string ReserveScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if redis.call('EXISTS', KEYS[1]) == 1 then return {1, now, 0} end
        local rcpt = tonumber(ARGV[1])
        local n = #KEYS - 1
        local windows = {}
        local retry, denied = 0, 0
        for i = 1, n do
          local a = 3 + (i - 1) * 3
          local size, capm, capr = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
          if capr >= 0 and rcpt > capr then return {2, now, i} end
          local w = math.floor(now / size)
          windows[i] = w
          local v = redis.call('HMGET', KEYS[i + 1], 'w', 'm', 'r')
          local m, r = 0, 0
          if tonumber(v[1]) == w then m = tonumber(v[2]) or 0; r = tonumber(v[3]) or 0 end
          if (capm >= 0 and m + 1 > capm) or (capr >= 0 and r + rcpt > capr) then
            local at = (w + 1) * size
            if at > retry then retry = at; denied = i end
          end
        end
        if denied > 0 then return {0, retry, denied} end
        for i = 1, n do
          local a = 3 + (i - 1) * 3
          local key, w = KEYS[i + 1], windows[i]
          if tonumber(redis.call('HGET', key, 'w')) == w then
            redis.call('HINCRBY', key, 'm', 1)
            redis.call('HINCRBY', key, 'r', rcpt)
          else
            redis.call('HSET', key, 'w', w, 'm', 1, 'r', rcpt)
          end
          redis.call('PEXPIRE', key, tonumber(ARGV[a]) * 2)
        end
        redis.call('SET', KEYS[1], table.concat(windows, ','), 'PX', ARGV[2])
        return {1, now, 0}
        """;

    // Gives back what the reservation took, in the windows it took it from, if they are still current.
    const string RefundScript = """
        local taken = redis.call('GET', KEYS[1])
        if not taken then return 0 end
        local rcpt = tonumber(ARGV[1])
        local i = 1
        for w in string.gmatch(taken, '[^,]+') do
          local key = KEYS[i + 1]
          if key and redis.call('HGET', key, 'w') == w then
            if tonumber(redis.call('HINCRBY', key, 'm', -1)) < 0 then redis.call('HSET', key, 'm', 0) end
            if tonumber(redis.call('HINCRBY', key, 'r', -rcpt)) < 0 then redis.call('HSET', key, 'r', 0) end
          end
          i = i + 1
        end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    public async Task<QuotaDecision> ReserveAsync(QuotaRequest request)
    {
        var limits = Limits(request.Account);
        var keys = new RedisKey[limits.Count + 1];
        var args = new RedisValue[limits.Count * 3 + 2];
        keys[0] = ReservationKey(request);
        args[0] = request.Recipients;
        args[1] = (long)ReservationRetention.TotalMilliseconds;
        for (var i = 0; i < limits.Count; i++)
        {
            keys[i + 1] = limits[i].Key;
            args[2 + i * 3] = (long)limits[i].Window.TotalMilliseconds;
            args[3 + i * 3] = limits[i].Messages ?? -1;
            args[4 + i * 3] = limits[i].Recipients ?? -1;
        }

        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript, keys, args))!;
        var outcome = (long)result[0];
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)result[1]);
        var limit = (int)(long)result[2];
        return outcome switch
        {
            1 => QuotaDecision.Granted,
            0 => new QuotaDecision(QuotaOutcome.Denied, at, limits[limit - 1].Name),
            _ => new QuotaDecision(QuotaOutcome.TooLarge, null, limits[limit - 1].Name),
        };
    }

    public async Task RefundAsync(QuotaRequest request)
    {
        var limits = Limits(request.Account);
        var keys = new RedisKey[limits.Count + 1];
        keys[0] = ReservationKey(request);
        for (var i = 0; i < limits.Count; i++)
        {
            keys[i + 1] = limits[i].Key;
        }

        await redis.GetDatabase().ScriptEvaluateAsync(RefundScript, keys, [request.Recipients]);
    }

    sealed record Limit(string Name, RedisKey Key, TimeSpan Window, int? Messages, int? Recipients);

    List<Limit> Limits(string account)
    {
        var options = quotas.Value;
        var domain = account[(account.IndexOf('@') + 1)..];
        var prefix = $"{redisOptions.Value.KeyPrefix}:{{{domain}}}";
        return options.Account.Select(l => new Limit($"quota.account.{l.Name}", $"{prefix}:account:{account}:{l.Name}", l.Window, options.Effective(l.Messages), options.Effective(l.Recipients)))
            .Concat(options.Domain.Select(l => new Limit($"quota.domain.{l.Name}", $"{prefix}:domain:{l.Name}", l.Window, options.Effective(l.Messages), options.Effective(l.Recipients))))
            .ToList();
    }

    RedisKey ReservationKey(QuotaRequest request)
    {
        var domain = request.Account[(request.Account.IndexOf('@') + 1)..];
        return $"{redisOptions.Value.KeyPrefix}:{{{domain}}}:reservation:{request.RequestId:N}:{request.Attempt}";
    }
}
