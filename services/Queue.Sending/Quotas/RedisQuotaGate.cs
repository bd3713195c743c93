using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>
/// Checks and consumes every limit that applies to a message (account and domain; messages and recipients;
/// rolling or calendar windows) in one atomic Lua script on Redis's clock: all or nothing, exact for any
/// window, idempotent per request and SMTP attempt. Keys of one domain share the hash tag <c>{domain}</c>, so the
/// script is valid on Redis Cluster.
/// </summary>
public sealed class RedisQuotaGate(
    IConnectionMultiplexer redis, IOptions<QuotaOptions> quotas, IOptions<RedisOptions> redisOptions, QuotaThrottle throttle, TimeProvider clock) : IQuotaGate
{
    static readonly TimeSpan ReservationRetention = TimeSpan.FromDays(2);

    /// <summary>How long past its due time a waiting request that never came back still holds room.</summary>
    static readonly TimeSpan WaiterGrace = TimeSpan.FromMinutes(10);

    readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(quotas.Value.TimeZone);

    public async Task<QuotaDecision> ReserveAsync(QuotaRequest request)
    {
        var limits = Limits(request.Account);
        var grace = limits.Select(l => l.Window).Append(WaiterGrace).Max();
        var args = new List<RedisValue>
        {
            request.Recipients, Member(request), (long)ReservationRetention.TotalMilliseconds, limits.Count, request.RequestId.ToString("N"), (long)grace.TotalMilliseconds,
        };
        var now = clock.GetUtcNow();
        foreach (var limit in limits)
        {
            args.Add(limit.Mode == QuotaWindowMode.Rolling ? 0 : 1);
            args.Add((long)limit.Window.TotalMilliseconds);
            args.Add(limit.Messages ?? -1);
            args.Add(limit.Recipients ?? -1);
            var periods = limit.Mode == QuotaWindowMode.Calendar ? CalendarPeriods.Around(now, limit.Window, zone) : [];
            args.Add(periods.Count);
            args.AddRange(periods.Select(p => (RedisValue)p.ToUnixTimeMilliseconds()));
        }

        var db = redis.GetDatabase();
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(QuotaScripts.Reserve, [.. Keys(request, limits), WaitingKey(request.Account)], args.ToArray()))!;
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)result[1]);
        var limitIndex = (int)(long)result[2];
        return (long)result[0] switch
        {
            1 => await ReplicatedAsync(db, request),
            0 => new QuotaDecision(QuotaOutcome.Denied, at, limits[limitIndex - 1].Name) { ForItsSize = (long)result[3] == 1 },
            4 => new QuotaDecision(QuotaOutcome.Denied, at, limits[limitIndex - 1].Name)
            {
                Mismatch = new QuotaMismatch(limits[limitIndex - 1].Name, (long)result[3], (long)result[4]),
            },
            2 => new QuotaDecision(QuotaOutcome.TooLarge, null, limits[limitIndex - 1].Name),
            _ => throw new InvalidOperationException(
                $"no calendar period of {limits[limitIndex - 1].Name} holds Redis's time {at:O}: this host's clock is far off Redis's"),
        };
    }

    /// <summary>
    /// With <see cref="QuotaOptions.WaitForReplicas"/>, a grant counts only once that many replicas hold it (Redis
    /// WAIT): a failover to a replica then cannot forget it. One not acknowledged in time is given back and the
    /// send waits as while Redis is unreachable (fail closed), because a grant a new primary may not know of could
    /// let the window overshoot.
    /// </summary>
    async Task<QuotaDecision> ReplicatedAsync(IDatabase db, QuotaRequest request)
    {
        var options = quotas.Value;
        if (options.WaitForReplicas == 0)
        {
            return QuotaDecision.Granted;
        }

        var acknowledged = (long)await db.ExecuteAsync("WAIT", options.WaitForReplicas, (long)options.ReplicaWaitTimeout.TotalMilliseconds);
        if (acknowledged >= options.WaitForReplicas)
        {
            return QuotaDecision.Granted;
        }

        try
        {
            await RefundAsync(request);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Not refunded: the window counts one message too many until it rolls, which errs on the safe side.
        }

        // A timeout, as callers treat an unreachable Redis: the request waits and is tried again.
        throw new TimeoutException(
            $"the reservation of {request.RequestId} reached {acknowledged} of the {options.WaitForReplicas} replicas {QuotaOptions.Section}:{nameof(QuotaOptions.WaitForReplicas)} requires within {options.ReplicaWaitTimeout.TotalMilliseconds:0} ms; it was given back");
    }

    public Task RefundAsync(QuotaRequest request) =>
        redis.GetDatabase().ScriptEvaluateAsync(QuotaScripts.Refund, Keys(request, Limits(request.Account)), [Member(request)]);

    public Task ConfirmAsync(QuotaRequest request)
    {
        var limits = Limits(request.Account);
        return redis.GetDatabase().ScriptEvaluateAsync(
            QuotaScripts.Confirm, Keys(request, limits), [Member(request), .. limits.Select(l => (RedisValue)(long)l.Window.TotalMilliseconds)]);
    }

    /// <summary>What the account has used of each limit that applies to it (domain limits count every account).</summary>
    public async Task<IReadOnlyList<QuotaUsage>> UsageAsync(string account)
    {
        var limits = Limits(account);
        var args = new List<RedisValue> { limits.Count };
        foreach (var limit in limits)
        {
            var periods = limit.Mode == QuotaWindowMode.Calendar ? CalendarPeriods.Around(clock.GetUtcNow(), limit.Window, zone) : [];
            args.AddRange([limit.Mode == QuotaWindowMode.Rolling ? 0 : 1, (long)limit.Window.TotalMilliseconds, periods.Count]);
            args.AddRange(periods.Select(p => (RedisValue)p.ToUnixTimeMilliseconds()));
        }

        var keys = limits.SelectMany(l => new[] { l.Key, l.RecipientSumKey }).ToArray();
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(QuotaScripts.Usage, keys, args.ToArray()))!;
        return limits.Select((l, i) =>
        {
            var frees = (long)result[3 + i * 3];
            return new QuotaUsage(l.Name, l.Window, l.Mode, l.Messages, l.Recipients, (long)result[1 + i * 3], (long)result[2 + i * 3],
                frees == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(frees));
        }).ToList();
    }

    /// <summary>The limits that apply to an account, in the order the script checks them.</summary>
    public IReadOnlyList<QuotaLimit> Limits(string account)
    {
        var options = quotas.Value;
        var tag = $"{redisOptions.Value.KeyPrefix}:{{{Domain(account)}}}:quota";
        return options.Account.Select(l => Resolve(l, "account", $"{tag}:account:{account}:{l.Name}"))
            .Concat(options.Domain.Select(l => Resolve(l, "domain", $"{tag}:domain:{l.Name}")))
            .ToList();

        QuotaLimit Resolve(QuotaLimitOptions l, string scope, string key) =>
            new($"quota.{scope}.{l.Name}", l.Window, l.Mode, Throttled(options.Effective(l.Messages)), Throttled(options.Effective(l.Recipients)), key, key + ":recipients");

        int? Throttled(int? cap) => cap is { } c ? Math.Max(1, (int)(c * throttle.Fraction)) : null;
    }

    RedisKey[] Keys(QuotaRequest request, IReadOnlyList<QuotaLimit> limits) =>
        [$"{redisOptions.Value.KeyPrefix}:{{{Domain(request.Account)}}}:quota:reservation:{Member(request)}", .. limits.SelectMany(l => new[] { l.Key, l.RecipientSumKey })];

    /// <summary>The account's requests waiting for room for their size (see <see cref="QuotaScripts.Reserve"/>).</summary>
    RedisKey WaitingKey(string account) => $"{redisOptions.Value.KeyPrefix}:{{{Domain(account)}}}:quota:waiting:{account}";

    static string Member(QuotaRequest request) => $"{request.RequestId:N}:{request.Attempt}";

    static string Domain(string account) => account[(account.IndexOf('@') + 1)..];
}
