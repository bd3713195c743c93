using Microsoft.Extensions.Configuration;
using Queue.Contracts;
using Queue.Sending.Hours;
using Queue.Sending.Settings;

namespace Queue.UnitTests;

/// <summary>Sending windows read on the Bogotá clock (UTC-5, no daylight saving), with the shipped holidays.</summary>
public sealed class SendingHoursTests
{
    static readonly TimeSpan Bogota = TimeSpan.FromHours(-5);

    static readonly SendingHoursOptions Shipped = SharedSettingsFile.Load().GetSection(SendingHoursOptions.Section).Get<SendingHoursOptions>()!;

    static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Bogota);

    static DateTimeOffset? Next(EmailCategory category, EmailPriority priority, DateTimeOffset now) =>
        SendingHours.NextOpening(Shipped, category, priority, now);

    [Fact]
    public void Mass_mail_goes_inside_the_window()
    {
        Assert.Null(Next(EmailCategory.Mass, EmailPriority.Normal, At(2026, 12, 11, 17, 59)));
        Assert.Null(Next(EmailCategory.Mass, EmailPriority.Normal, At(2026, 12, 14, 7, 0)));
    }

    [Fact]
    public void Mass_mail_after_Friday_closing_waits_for_Monday_at_seven_exactly()
    {
        Assert.Equal(At(2026, 12, 14, 7, 0), Next(EmailCategory.Mass, EmailPriority.Normal, At(2026, 12, 11, 18, 0)));
        Assert.Equal(At(2026, 12, 14, 7, 0), Next(EmailCategory.Mass, EmailPriority.Normal, At(2026, 12, 13, 23, 30)));
    }

    [Fact]
    public void Before_opening_it_waits_for_the_same_morning()
    {
        Assert.Equal(At(2026, 12, 14, 7, 0), Next(EmailCategory.Operational, EmailPriority.Bulk, At(2026, 12, 14, 6, 30)));
    }

    [Fact]
    public void A_holiday_does_not_open_the_window()
    {
        // 8 December 2026 (Inmaculada Concepción) is a Tuesday; 1 January 2027 a Friday.
        Assert.Equal(At(2026, 12, 9, 7, 0), Next(EmailCategory.Mass, EmailPriority.Normal, At(2026, 12, 8, 10, 0)));
        Assert.Equal(At(2027, 1, 4, 7, 0), Next(EmailCategory.Mass, EmailPriority.Normal, At(2026, 12, 31, 18, 0)));
        // Reyes Magos moves to Monday 11 January 2027 (Ley Emiliani).
        Assert.Equal(At(2027, 1, 12, 7, 0), Next(EmailCategory.Mass, EmailPriority.Normal, At(2027, 1, 11, 9, 0)));
    }

    [Fact]
    public void Urgent_and_other_mail_never_wait_unless_a_window_names_Urgent()
    {
        var sunday = At(2026, 12, 13, 3, 0);
        Assert.Null(Next(EmailCategory.Mass, EmailPriority.Urgent, sunday));
        Assert.Null(Next(EmailCategory.Operational, EmailPriority.Normal, sunday));

        var urgentToo = new SendingHoursOptions
        {
            Windows = [new SendingWindowOptions { Name = "all", Priorities = [EmailPriority.Urgent], Days = [DayOfWeek.Monday], Start = TimeSpan.FromHours(8), End = TimeSpan.FromHours(9) }],
        };
        Assert.Equal(At(2026, 12, 14, 8, 0), SendingHours.NextOpening(urgentToo, EmailCategory.Mass, EmailPriority.Urgent, sunday));
    }

    [Fact]
    public void Two_windows_that_apply_must_both_be_open()
    {
        var options = new SendingHoursOptions
        {
            Windows =
            [
                new SendingWindowOptions { Name = "mass", Categories = [EmailCategory.Mass], Days = [DayOfWeek.Monday, DayOfWeek.Tuesday], Start = TimeSpan.FromHours(7), End = TimeSpan.FromHours(18) },
                new SendingWindowOptions { Name = "bulk", Priorities = [EmailPriority.Bulk], Days = [DayOfWeek.Tuesday], Start = TimeSpan.FromHours(10), End = TimeSpan.FromHours(12) },
            ],
        };
        Assert.Equal(At(2026, 12, 15, 10, 0), SendingHours.NextOpening(options, EmailCategory.Mass, EmailPriority.Bulk, At(2026, 12, 14, 9, 0)));
    }
}
