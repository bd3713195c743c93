namespace Queue.IntegrationTests.Infrastructure;

/// <summary>Wall-clock time moved by a fixed offset (to put a host on a Sunday night); timers run on real time.</summary>
sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + offset;

    /// <summary>The offset that makes <paramref name="target"/> now.</summary>
    public static ShiftedClock At(DateTimeOffset target) => new(target - TimeProvider.System.GetUtcNow());
}
