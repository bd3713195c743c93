namespace Queue.Sending.Quotas;

/// <summary>
/// Start instants of calendar windows (local midnight plus whole windows) around now, in UTC. The quota script
/// picks the one that holds Redis's own time, so the local clock only narrows the candidates.
/// </summary>
public static class CalendarPeriods
{
    public static IReadOnlyList<DateTimeOffset> Around(DateTimeOffset now, TimeSpan window, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date;
        var boundaries = new List<DateTimeOffset>();
        for (var day = midnight.AddDays(-1); day <= midnight.AddDays(1); day = day.AddDays(1))
        {
            for (var start = day; start < day.AddDays(1); start += window)
            {
                if (!zone.IsInvalidTime(start))
                {
                    boundaries.Add(new DateTimeOffset(start, zone.GetUtcOffset(start)));
                }
            }
        }

        boundaries.Add(new DateTimeOffset(midnight.AddDays(2), zone.GetUtcOffset(midnight.AddDays(2))));

        // Only the windows next to now matter; a handful either side absorbs any clock skew between hosts.
        var current = boundaries.FindLastIndex(b => b <= now);
        var from = Math.Max(0, current - 2);
        return boundaries.GetRange(from, Math.Min(boundaries.Count, current + 4) - from);
    }
}
