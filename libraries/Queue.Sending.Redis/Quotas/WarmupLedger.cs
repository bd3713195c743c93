using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>
/// Where each ramp stands: the schedule from the settings and the days held in Redis (a set of local dates on
/// which the provider throttled a ramping account, which then do not advance it). Held days are cached for a
/// few seconds, so the limits can be computed without a round trip per reservation.
/// </summary>
public sealed class WarmupLedger(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptionsMonitor<QuotaOptions> quotas, TimeProvider clock) : IWarmupHolds
{
    static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    readonly ConcurrentDictionary<string, (DateTimeOffset Read, IReadOnlySet<DateOnly> Days)> held = new();

    public DateOnly Today(QuotaOptions options) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone)).DateTime);

    public WarmupStatus? ForAccount(string account, QuotaOptions options) =>
        options.For(account)?.Warmup is { } warmup && QuotaOptions.FullDailyCap(options.AccountLimits(account)) is { } full
            ? WarmupSchedule.On(account, warmup, full, Today(options), Held(AccountKey(account)))
            : null;

    public WarmupStatus? ForDomain(string account, QuotaOptions options) =>
        options.DomainWarmup is { } warmup && QuotaOptions.FullDailyCap(options.Domain) is { } full
            ? WarmupSchedule.On("domain", warmup, full, Today(options), Held(DomainKey(account)))
            : null;

    /// <summary>Re-reads the held days of the account's and its domain's ramps when the cached ones are old.</summary>
    public async Task RefreshAsync(string account)
    {
        var options = quotas.CurrentValue;
        if (options.For(account)?.Warmup is not null)
        {
            await ReadAsync(AccountKey(account), force: false);
        }

        if (options.DomainWarmup is not null)
        {
            await ReadAsync(DomainKey(account), force: false);
        }
    }

    /// <summary>
    /// The provider throttled <paramref name="account"/>: today does not advance its ramp, nor the domain's if
    /// that is ramping. Nothing happens outside a warm-up.
    /// </summary>
    public async Task HoldTodayAsync(string account)
    {
        var options = quotas.CurrentValue;
        var today = Today(options).ToString("yyyy-MM-dd");
        foreach (var key in new[] { ForAccount(account, options) is null ? null : AccountKey(account), ForDomain(account, options) is null ? null : DomainKey(account) })
        {
            if (key is not null)
            {
                await redis.GetDatabase().SetAddAsync(key, today);
                await redis.GetDatabase().KeyExpireAsync(key, Retention);
                await ReadAsync(key, force: true);
            }
        }
    }

    IReadOnlySet<DateOnly> Held(string key) => held.TryGetValue(key, out var entry) ? entry.Days : new HashSet<DateOnly>();

    async Task ReadAsync(string key, bool force)
    {
        if (!force && held.TryGetValue(key, out var entry) && clock.GetUtcNow() - entry.Read < Fresh)
        {
            return;
        }

        var members = await redis.GetDatabase().SetMembersAsync(key);
        held[key] = (clock.GetUtcNow(), members.Select(m => DateOnly.ParseExact((string)m!, "yyyy-MM-dd")).ToHashSet());
    }

    string AccountKey(string account) => $"{Tag(account)}:warmup:account:{account.ToLowerInvariant()}:held";

    string DomainKey(string account) => $"{Tag(account)}:warmup:domain:held";

    string Tag(string account) => $"{redisOptions.Value.KeyPrefix}:{{{account[(account.IndexOf('@') + 1)..]}}}";
}
