namespace Queue.Sending.Quotas;

/// <summary>Holding a warm-up ramp for a day the provider throttled (kept in Redis by Queue.Sending.Redis).</summary>
public interface IWarmupHolds
{
    /// <summary>The provider throttled <paramref name="account"/>: today does not advance its ramp, nor its domain's.</summary>
    Task HoldTodayAsync(string account);
}
