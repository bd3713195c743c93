namespace Queue.Sending.Quotas;

/// <summary>The first element of <see cref="QuotaScripts.Reserve"/>'s answer.</summary>
enum QuotaReserveStatus
{
    Denied = 0,
    Granted = 1,
    TooLarge = 2,

    /// <summary>No calendar period sent holds Redis's time: this host's clock is far off Redis's.</summary>
    NoPeriod = 3,

    /// <summary>Denied once because a rolling window's running total disagreed with its log (repaired).</summary>
    Mismatch = 4,
}
