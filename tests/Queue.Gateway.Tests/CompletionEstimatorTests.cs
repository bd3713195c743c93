using Queue.Gateway.Operations;
using Queue.Sending.Quotas;

namespace Queue.Gateway.Tests;

public class CompletionEstimatorTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(-5));

    static QuotaUsage Rolling(TimeSpan window, int cap, long used) =>
        new(new QuotaLimitId(QuotaScope.Account, "hour"), window, QuotaWindowMode.Rolling, cap, null, used, used, used > 0 ? Now.AddMinutes(5) : null);

    [Fact]
    public void What_fits_in_every_remaining_quota_is_done_now() =>
        Assert.Equal(Now, CompletionEstimator.Estimate([Rolling(TimeSpan.FromHours(1), 380, 100)], 280, Now));

    [Fact]
    public void Beyond_the_remaining_quota_each_cap_of_messages_takes_a_window_more()
    {
        var hour = Rolling(TimeSpan.FromHours(1), 380, 300);

        Assert.Equal(Now.AddHours(1), CompletionEstimator.Estimate([hour], 81, Now));
        Assert.Equal(Now.AddHours(1), CompletionEstimator.Estimate([hour], 460, Now));
        Assert.Equal(Now.AddHours(2), CompletionEstimator.Estimate([hour], 461, Now));
    }

    [Fact]
    public void A_calendar_window_frees_when_its_period_ends_and_the_latest_limit_decides()
    {
        var midnight = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(-5));
        var day = new QuotaUsage(new QuotaLimitId(QuotaScope.Account, "day"), TimeSpan.FromDays(1), QuotaWindowMode.Calendar, 1900, null, 1900, 1900, midnight);

        Assert.Equal(midnight, CompletionEstimator.Estimate([Rolling(TimeSpan.FromHours(1), 380, 0), day], 10, Now));
        Assert.Equal(midnight.AddDays(1), CompletionEstimator.Estimate([day], 1901, Now));
    }
}
