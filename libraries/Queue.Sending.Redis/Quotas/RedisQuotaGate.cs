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
    IConnectionMultiplexer redis, IOptionsMonitor<QuotaOptions> quotas, IOptions<RedisOptions> redisOptions, QuotaThrottle throttle, WarmupLedger warmups, TimeProvider clock) : IQuotaGate
{
    static readonly TimeSpan ReservationRetention = TimeSpan.FromDays(2);

    /// <summary>How long past its due time a waiting request that never came back still holds room.</summary>
    static readonly TimeSpan WaiterGrace = TimeSpan.FromMinutes(10);

    // Read per call: the settings may change while the process runs.
    TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(quotas.CurrentValue.TimeZone);

    public async Task<QuotaDecision> ReserveAsync(QuotaRequest request)
    {
        await warmups.RefreshAsync(request.Account);
        var limits = Limits(request.Account);
        var zone = Zone;
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
        var options = quotas.CurrentValue;
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
        await warmups.RefreshAsync(account);
        var limits = Limits(account);
        var zone = Zone;
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

    /// <summary>
    /// The limits that apply to an account, in the order the script checks them, with the caps in force now:
    /// the account's own values over the common ones, less the safety margin, within a warm-up's cap today,
    /// times the blocklist throttle. The domain limits always follow.
    /// </summary>
    public IReadOnlyList<QuotaLimit> Limits(string account)
    {
        var options = quotas.CurrentValue;
        var tag = $"{redisOptions.Value.KeyPrefix}:{{{Domain(account)}}}:quota";
        var accountRamp = warmups.ForAccount(account, options);
        var domainRamp = warmups.ForDomain(account, options);
        return options.AccountLimits(account).Select(l => Resolve(l, "account", $"{tag}:account:{account}:{l.Name}", accountRamp))
            .Concat(options.Domain.Select(l => Resolve(l, "domain", $"{tag}:domain:{l.Name}", domainRamp)))
            .ToList();

        // A calendar counter and a rolling log cannot share a key: a limit switched from one mode to the other
        // starts a key of its own.
        QuotaLimit Resolve(QuotaLimitOptions l, string scope, string key, WarmupStatus? ramp)
        {
            key += l.Mode == QuotaWindowMode.Calendar ? ":calendar" : "";
            return new($"quota.{scope}.{l.Name}", l.Window, l.Mode, Throttled(Ramped(options.Effective(l.Messages), l.Messages, ramp)),
                Throttled(Ramped(options.Effective(l.Recipients), l.Recipients, ramp)), key, key + ":recipients");
        }

        // A ramp scales every limit of its scope by today's share of the full daily cap: the daily limit becomes
        // exactly the cap today, shorter ones shrink alike so the day's volume stays spread out.
        static int? Ramped(int? effective, int? published, WarmupStatus? ramp) =>
            effective is { } e && published is { } p && ramp is not null
                ? Math.Min(e, Math.Max(1, (int)Math.Floor((double)p * ramp.CapToday / ramp.FullCap)))
                : effective;

        int? Throttled(int? cap) => cap is { } c ? Math.Max(1, (int)(c * throttle.Fraction)) : null;
    }

    RedisKey[] Keys(QuotaRequest request, IReadOnlyList<QuotaLimit> limits) =>
        [$"{redisOptions.Value.KeyPrefix}:{{{Domain(request.Account)}}}:quota:reservation:{Member(request)}", .. limits.SelectMany(l => new[] { l.Key, l.RecipientSumKey })];

    /// <summary>The account's requests waiting for room for their size (see <see cref="QuotaScripts.Reserve"/>).</summary>
    RedisKey WaitingKey(string account) => $"{redisOptions.Value.KeyPrefix}:{{{Domain(account)}}}:quota:waiting:{account}";

    static string Member(QuotaRequest request) => $"{request.RequestId:N}:{request.Attempt}";

    static string Domain(string account) => account[(account.IndexOf('@') + 1)..];
}
