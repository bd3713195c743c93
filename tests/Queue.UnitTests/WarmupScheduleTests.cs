using Queue.Sending.Quotas;

namespace Queue.UnitTests;

public sealed class WarmupScheduleTests
{
    static readonly DateOnly Start = new(2026, 12, 1);
    static readonly HashSet<DateOnly> NoneHeld = [];

    [Fact]
    public void Doubling_from_fifty_reaches_the_full_cap_on_day_seven()
    {
        var warmup = new WarmupOptions { Start = Start };
        Assert.Equal([50, 100, 200, 400, 800, 1600, 2000], Enumerable.Range(1, 7).Select(d => WarmupSchedule.Cap(warmup, d, 2000)));
        var status = WarmupSchedule.On("a@pasto.gov.co", warmup, 2000, Start.AddDays(2), NoneHeld)!;
        Assert.Equal("warm-up day 3 of 7, cap today 200", status.ToString());
        Assert.Null(WarmupSchedule.On("a@pasto.gov.co", warmup, 2000, Start.AddDays(6), NoneHeld));
    }

    [Fact]
    public void A_held_day_does_not_advance_the_ramp()
    {
        var warmup = new WarmupOptions { Start = Start };
        var held = new HashSet<DateOnly> { Start.AddDays(1) };
        Assert.Equal(2, WarmupSchedule.On("a", warmup, 2000, Start.AddDays(1), held)!.Day); // today held: still day 2 today
        var tomorrow = WarmupSchedule.On("a", warmup, 2000, Start.AddDays(2), held)!;
        Assert.Equal((2, 100, 1), (tomorrow.Day, tomorrow.CapToday, tomorrow.HeldDays));
    }

    [Fact]
    public void A_table_gives_the_caps_and_before_the_start_it_is_day_one()
    {
        var warmup = new WarmupOptions { Start = Start, Table = [20, 60, 150] };
        Assert.Equal("warm-up day 1 of 4, cap today 20", WarmupSchedule.On("a", warmup, 500, Start.AddDays(-3), NoneHeld)!.ToString());
        Assert.Equal(150, WarmupSchedule.On("a", warmup, 500, Start.AddDays(2), NoneHeld)!.CapToday);
        Assert.Null(WarmupSchedule.On("a", warmup, 500, Start.AddDays(3), NoneHeld));
    }
}
