namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>
/// A clock whose date moves only when a test says so while its timers and delays run on real time: the monitor paces
/// its queries with <c>Task.Delay(…, clock)</c>, which Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider would
/// hold until the test advanced it.
/// </summary>
sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public FakeTimeProvider() : this(new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
