using Microsoft.Extensions.Options;
using Queue.Contracts;

namespace Queue.Sending.Hours;

/// <summary>Whether a request may go now, and if not, the exact instant the windows that apply to it next open.</summary>
public sealed class SendingHours(IOptionsMonitor<SendingHoursOptions> options)
{
    /// <summary>Null when every window that applies to the request is open at <paramref name="now"/> (or none applies).</summary>
    public DateTimeOffset? NextOpening(EmailCategory category, EmailPriority priority, DateTimeOffset now) =>
        NextOpening(options.CurrentValue, category, priority, now);

    public static DateTimeOffset? NextOpening(SendingHoursOptions settings, EmailCategory category, EmailPriority priority, DateTimeOffset now)
    {
        var windows = settings.Enabled ? settings.Windows.Where(w => w.AppliesTo(category, priority)).ToList() : [];
        if (windows.Count == 0)
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var holidays = settings.Holidays.Select(h => h.Date).ToHashSet();

        // Every applicable window must be open; step to the latest next opening until all agree (bounded: a
        // year of days covers any weekly pattern around holidays).
        var at = now;
        for (var step = 0; step < 400; step++)
        {
            var latest = windows.Select(w => Opening(w, at, zone, holidays)).Max();
            if (latest == at)
            {
                return at == now ? null : at;
            }

            at = latest;
        }

        throw new InvalidOperationException("the sending windows never open together; check SendingHours:Windows");
    }

    /// <summary>The first instant at or after <paramref name="from"/> inside the window.</summary>
    static DateTimeOffset Opening(SendingWindowOptions window, DateTimeOffset from, TimeZoneInfo zone, HashSet<DateOnly> holidays)
    {
        var local = TimeZoneInfo.ConvertTime(from, zone);
        for (var day = 0; day < 400; day++)
        {
            var date = DateOnly.FromDateTime(local.Date).AddDays(day);
            if (!window.Days.Contains(date.DayOfWeek) || (window.SkipHolidays && holidays.Contains(date)))
            {
                continue;
            }

            var opens = At(date, window.Start, zone);
            var closes = At(date, window.End, zone);
            if (from < closes)
            {
                return from >= opens ? from : opens;
            }
        }

        throw new InvalidOperationException($"sending window '{window.Name}' never opens; check its Days");
    }

    static DateTimeOffset At(DateOnly date, TimeSpan time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).Add(time);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
