namespace Queue.Sending.Quotas;

/// <summary>The arithmetic of a ramp, free of Redis and clocks.</summary>
public static class WarmupSchedule
{
    /// <summary>
    /// Where the ramp stands on <paramref name="today"/>, or null once today's cap reaches <paramref name="fullCap"/>.
    /// Day N is one more than the days since the start that were not held; before the start it is day 1.
    /// </summary>
    public static WarmupStatus? On(string scope, WarmupOptions warmup, int fullCap, DateOnly today, IReadOnlySet<DateOnly> held)
    {
        var elapsed = today.DayNumber - warmup.Start.DayNumber;
        var heldBefore = held.Count(d => d >= warmup.Start && d < today);
        var day = 1 + Math.Max(0, elapsed - heldBefore);
        var days = Days(warmup, fullCap);
        var cap = Cap(warmup, day, fullCap);
        return cap >= fullCap ? null : new WarmupStatus(scope, day, days, cap, fullCap, heldBefore);
    }

    /// <summary>The cap of day <paramref name="day"/> (1-based), never above the full cap.</summary>
    public static int Cap(WarmupOptions warmup, int day, int fullCap)
    {
        if (warmup.Table.Count > 0)
        {
            return day <= warmup.Table.Count ? Math.Min(fullCap, warmup.Table[day - 1]) : fullCap;
        }

        var cap = warmup.FirstDay * Math.Pow(warmup.Factor, day - 1);
        return cap >= fullCap ? fullCap : (int)Math.Floor(cap);
    }

    /// <summary>The first day the schedule allows the full cap: the length of the ramp.</summary>
    public static int Days(WarmupOptions warmup, int fullCap)
    {
        var day = 1;
        while (Cap(warmup, day, fullCap) < fullCap)
        {
            day++;
        }

        return day;
    }
}
