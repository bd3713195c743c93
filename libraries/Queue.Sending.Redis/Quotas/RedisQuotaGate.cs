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
        var now = clock.GetUtcNow();
        var zone = Zone;
        var grace = limits.Select(l => l.Window).Append(WaiterGrace).Max();
        var call = new QuotaReserveCall(ReservationKey(request), WaitingKey(request.Account), Member(request), request.RequestId, request.Recipients,
            ReservationRetention, grace, limits.Select(l => QuotaScriptLimit.At(l, now, zone)).ToList());
        var db = redis.GetDatabase();
        var reply = await call.RunAsync(db);
        return reply.Status switch
        {
            QuotaReserveStatus.Granted => await ReplicatedAsync(db, request),
            QuotaReserveStatus.Denied => new QuotaDecision(QuotaOutcome.Denied, reply.At, reply.Limit!.Id) { ForItsSize = reply.ForItsSize },
            QuotaReserveStatus.Mismatch => new QuotaDecision(QuotaOutcome.Denied, reply.At, reply.Limit!.Id) { Mismatch = reply.Mismatch },
            QuotaReserveStatus.TooLarge => new QuotaDecision(QuotaOutcome.TooLarge, null, reply.Limit!.Id),
            _ => throw new InvalidOperationException(
                $"no calendar period of {reply.Limit!.Id} holds Redis's time {reply.At:O}: this host's clock is far off Redis's"),
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
        new QuotaRefundCall(ReservationKey(request), Member(request), Limits(request.Account)).RunAsync(redis.GetDatabase());

    public Task ConfirmAsync(QuotaRequest request) =>
        new QuotaConfirmCall(ReservationKey(request), Member(request), Limits(request.Account)).RunAsync(redis.GetDatabase());

    /// <summary>What the account has used of each limit that applies to it (domain limits count every account).</summary>
    public async Task<IReadOnlyList<QuotaUsage>> UsageAsync(string account)
    {
        await warmups.RefreshAsync(account);
        var now = clock.GetUtcNow();
        var zone = Zone;
        return await new QuotaUsageCall(Limits(account).Select(l => QuotaScriptLimit.At(l, now, zone)).ToList()).RunAsync(redis.GetDatabase());
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
        return options.AccountLimits(account).Select(l => Resolve(l, QuotaScope.Account, $"{tag}:account:{account}:{l.Name}", accountRamp))
            .Concat(options.Domain.Select(l => Resolve(l, QuotaScope.Domain, $"{tag}:domain:{l.Name}", domainRamp)))
            .ToList();

        // A calendar counter and a rolling log cannot share a key: a limit switched from one mode to the other
        // starts a key of its own.
        QuotaLimit Resolve(QuotaLimitOptions l, QuotaScope scope, string key, WarmupStatus? ramp)
        {
            key += l.Mode == QuotaWindowMode.Calendar ? ":calendar" : "";
            return new(new QuotaLimitId(scope, l.Name), l.Window, l.Mode, Throttled(Ramped(options.Effective(l.Messages), l.Messages, ramp)),
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

    RedisKey ReservationKey(QuotaRequest request) => $"{redisOptions.Value.KeyPrefix}:{{{Domain(request.Account)}}}:quota:reservation:{Member(request)}";

    /// <summary>The account's requests waiting for room for their size (see <see cref="QuotaScripts.Reserve"/>).</summary>
    RedisKey WaitingKey(string account) => $"{redisOptions.Value.KeyPrefix}:{{{Domain(account)}}}:quota:waiting:{account}";

    static string Member(QuotaRequest request) => $"{request.RequestId:N}:{request.Attempt}";

    static string Domain(string account) => account[(account.IndexOf('@') + 1)..];
}
