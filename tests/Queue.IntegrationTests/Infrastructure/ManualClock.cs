namespace Queue.IntegrationTests.Infrastructure;

/// <summary>A clock that moves only when a test moves it; timers still run on real time.</summary>
sealed class ManualClock : TimeProvider
{
    long ticks = TimeProvider.System.GetTimestamp();

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override long TimestampFrequency => TimeProvider.System.TimestampFrequency;

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, (long)(by.TotalSeconds * TimestampFrequency));
}
