namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>A clock that moves only when a test says so (Microsoft.Extensions.TimeProvider.Testing is not obtainable here).</summary>
sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public FakeTimeProvider() : this(new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
