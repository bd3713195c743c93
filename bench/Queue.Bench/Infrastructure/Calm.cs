namespace Queue.Bench.Infrastructure;

/// <summary>
/// Waits, within a budget for the whole run, until the rest of the machine is idle before a measurement, so
/// that on a shared machine (builds, tests) figures come from quiet moments. Bounded: once the budget is spent
/// measurements go ahead regardless, and their "others" figure shows how disturbed they were.
/// </summary>
public sealed class Calm(TimeSpan budget)
{
    /// <summary>The rest of the machine counts as idle below this share of one core.</summary>
    public const double IdleBelowPercent = 10;

    static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    readonly TimeSpan budget = budget;
    TimeSpan left = budget;

    public TimeSpan Waited => budget - left;

    public int Retries { get; private set; }

    public bool HasBudget => left > TimeSpan.Zero;

    public async Task WaitAsync()
    {
        while (left > TimeSpan.Zero)
        {
            var machine = Cpu.Machine();
            var self = Cpu.Self();
            await Task.Delay(Window).ConfigureAwait(false);
            if (machine is null || (Cpu.Machine() - machine - (Cpu.Self() - self))!.Value.TotalSeconds / Window.TotalSeconds * 100 < IdleBelowPercent)
            {
                return;
            }

            left -= Window;
        }
    }

    /// <summary>
    /// Runs <paramref name="measure"/> once the machine is quiet; runs it again (once) when others used more
    /// than twice the idle share meanwhile and the budget lasts.
    /// </summary>
    public async Task<T> MeasureAsync<T>(Func<Task<T>> measure, Func<T, double> othersPercent)
    {
        await WaitAsync().ConfigureAwait(false);
        var result = await measure().ConfigureAwait(false);
        if (othersPercent(result) > 2 * IdleBelowPercent && HasBudget)
        {
            Retries++;
            await WaitAsync().ConfigureAwait(false);
            result = await measure().ConfigureAwait(false);
        }

        return result;
    }
}
