using Queue.Sending.Quotas;

namespace Queue.UnitTests;

public class CalendarPeriodsTests
{
    static readonly TimeZoneInfo Bogota = TimeZoneInfo.FindSystemTimeZoneById("America/Bogota");

    [Fact]
    public void Days_start_at_midnight_in_bogota_which_is_five_in_the_morning_utc()
    {
        var now = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero); // still 21 November in Bogotá
        var periods = CalendarPeriods.Around(now, TimeSpan.FromDays(1), Bogota);

        Assert.Contains(new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero), periods);
        Assert.Contains(new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero), periods);
        Assert.All(periods, p => Assert.Equal(5, p.UtcDateTime.Hour));
        Assert.Contains(periods, p => p <= now);
        Assert.Contains(periods, p => p > now);
    }

    [Fact]
    public void Hours_surround_now()
    {
        var now = new DateTimeOffset(2026, 11, 22, 14, 30, 0, TimeSpan.Zero);
        var periods = CalendarPeriods.Around(now, TimeSpan.FromHours(1), Bogota);

        Assert.Equal(
            [12, 13, 14, 15, 16, 17],
            periods.Select(p => p.UtcDateTime.Hour));
    }

    [Fact]
    public void A_zone_with_daylight_saving_skips_the_missing_midnight()
    {
        // Santiago de Chile springs forward at local midnight in early September: that midnight does not exist.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var now = new DateTimeOffset(2026, 9, 6, 12, 0, 0, TimeSpan.Zero);
        var periods = CalendarPeriods.Around(now, TimeSpan.FromDays(1), santiago);
        Assert.Equal(periods.OrderBy(p => p), periods);
        Assert.Contains(periods, p => p <= now);
    }
}
