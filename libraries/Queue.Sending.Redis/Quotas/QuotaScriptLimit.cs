using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>
/// One limit as the quota scripts read it: its keys, and its ARGV run (mode, window, caps, the calendar periods
/// around now). The scripts' encodings (0 rolling / 1 calendar, -1 for no cap, milliseconds) live only here.
/// </summary>
sealed record QuotaScriptLimit(QuotaLimit Limit, IReadOnlyList<DateTimeOffset> Periods)
{
    /// <summary>The limit with the calendar periods that may hold Redis's time (none for a rolling window).</summary>
    public static QuotaScriptLimit At(QuotaLimit limit, DateTimeOffset now, TimeZoneInfo zone) =>
        new(limit, limit.Mode == QuotaWindowMode.Calendar ? CalendarPeriods.Around(now, limit.Window, zone) : []);

    /// <summary>The log or counter, then the recipient sum: two KEYS per limit, in the scripts' order.</summary>
    public static IEnumerable<RedisKey> Keys(IEnumerable<QuotaLimit> limits) => limits.SelectMany(l => new[] { l.Key, l.RecipientSumKey });

    public static RedisValue Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;

    /// <summary>For <see cref="QuotaScripts.Reserve"/>: mode, window ms, message cap, recipient cap, n, n period starts.</summary>
    public IEnumerable<RedisValue> ReserveArguments() =>
        [Mode, Milliseconds(Limit.Window), Limit.Messages ?? -1, Limit.Recipients ?? -1, .. PeriodArguments()];

    /// <summary>For <see cref="QuotaScripts.Usage"/>: mode, window ms, n, n period starts.</summary>
    public IEnumerable<RedisValue> UsageArguments() => [Mode, Milliseconds(Limit.Window), .. PeriodArguments()];

    RedisValue Mode => Limit.Mode == QuotaWindowMode.Rolling ? 0 : 1;

    IEnumerable<RedisValue> PeriodArguments() => [Periods.Count, .. Periods.Select(p => (RedisValue)p.ToUnixTimeMilliseconds())];
}
