using Microsoft.Extensions.Options;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.IntegrationTests;

/// <summary>A warm-up ramp on real Redis: today's cap holds, and a throttled day does not advance it.</summary>
public sealed class WarmupTests : IDisposable
{
    const string Ramping = "intranet@pasto.gov.co";
    const string AlsoRamping = "secretarias@pasto.gov.co";

    readonly ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(TestServers.Redis);
    readonly string prefix = $"warmup-test-{Guid.NewGuid():N}";
    readonly DateOnly today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Bogota")).DateTime);

    QuotaOptions Options() => new()
    {
        SafetyMargin = 0,
        Account = [new QuotaLimitOptions { Name = "day", Window = TimeSpan.FromDays(1), Messages = 16 }],
        Accounts =
        [
            new AccountQuotaOptions { Address = Ramping, Warmup = new WarmupOptions { Start = today, FirstDay = 2, Factor = 2 } },
            new AccountQuotaOptions { Address = AlsoRamping, Warmup = new WarmupOptions { Start = today, FirstDay = 2, Factor = 2 } },
        ],
    };

    (RedisQuotaGate Gate, WarmupLedger Ledger) Compose(TimeProvider clock)
    {
        var monitor = new FixedOptionsMonitor<QuotaOptions>(Options());
        var redisOptions = Microsoft.Extensions.Options.Options.Create(new RedisOptions { KeyPrefix = prefix });
        var ledger = new WarmupLedger(redis, redisOptions, monitor, clock);
        return (new RedisQuotaGate(redis, monitor, redisOptions, new QuotaThrottle(), ledger, clock), ledger);
    }

    [Fact]
    public async Task Day_one_allows_its_cap_and_a_throttled_day_is_repeated_the_next_day()
    {
        var (gate, ledger) = Compose(TimeProvider.System);
        Assert.Equal("warm-up day 1 of 4, cap today 2", ledger.ForAccount(Ramping, Options())!.ToString());
        var outcomes = new List<QuotaOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await gate.ReserveAsync(new QuotaRequest(Guid.NewGuid(), "a0", Ramping, 1))).Outcome);
        }

        Assert.Equal([QuotaOutcome.Granted, QuotaOutcome.Granted, QuotaOutcome.Denied], outcomes);

        // The provider throttles the ramping account today: tomorrow is day 1 again; the other account doubles.
        await ledger.HoldTodayAsync(Ramping);
        var (tomorrowGate, tomorrowLedger) = Compose(new ShiftedClock(TimeSpan.FromDays(1)));
        await tomorrowGate.UsageAsync(Ramping);
        await tomorrowGate.UsageAsync(AlsoRamping);
        Assert.Equal("warm-up day 1 of 4, cap today 2", tomorrowLedger.ForAccount(Ramping, Options())!.ToString());
        Assert.Equal(1, tomorrowLedger.ForAccount(Ramping, Options())!.HeldDays);
        Assert.Equal(2, tomorrowGate.Limits(Ramping).Single(l => l.Id == new QuotaLimitId(QuotaScope.Account, "day")).Messages);
        Assert.Equal(4, tomorrowGate.Limits(AlsoRamping).Single(l => l.Id == new QuotaLimitId(QuotaScope.Account, "day")).Messages);
    }

    public void Dispose()
    {
        RedisCleanup.DeletePrefix(redis, prefix);
        redis.Dispose();
    }
}
