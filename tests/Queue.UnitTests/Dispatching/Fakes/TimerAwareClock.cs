using Microsoft.Extensions.Time.Testing;

namespace Queue.UnitTests.Dispatching.Fakes;

/// <summary>
/// A fake clock that says when code under test starts waiting on it: a test moves the clock only then, or the wait
/// would begin after the move and never end.
/// </summary>
sealed class TimerAwareClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    readonly TaskCompletionSource firstTimer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first timer (a <c>Task.Delay</c> on this clock) is created.</summary>
    public Task FirstTimer => firstTimer.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        firstTimer.TrySetResult();
        return timer;
    }
}
