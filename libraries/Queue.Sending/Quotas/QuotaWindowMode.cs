namespace Queue.Sending.Quotas;

public enum QuotaWindowMode
{
    /// <summary>Any span of the window's length, ending now (Gmail, Exchange and SES count a rolling 24 h).</summary>
    Rolling,

    /// <summary>Resets at local midnight (and every window after it) in <see cref="QuotaOptions.TimeZone"/>.</summary>
    Calendar,
}
