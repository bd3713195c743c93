using System.Diagnostics;

namespace Queue.Bench.Infrastructure;

/// <summary>What a closed-loop run measured: operations, wall time and each operation's latency.</summary>
public sealed class LoadResult(long operations, long failures, TimeSpan elapsed, long[] sortedLatencyTicks)
{
    public long Operations => operations;

    /// <summary>Operations whose answer was not the expected one (they still count in <see cref="Operations"/>).</summary>
    public long Failures => failures;

    public TimeSpan Elapsed => elapsed;

    public double PerSecond => operations / elapsed.TotalSeconds;

    /// <summary>Latency at percentile <paramref name="p"/> (0–100), in milliseconds (nearest rank).</summary>
    public double PercentileMs(double p)
    {
        if (sortedLatencyTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sortedLatencyTicks.Length) - 1;
        return sortedLatencyTicks[Math.Clamp(rank, 0, sortedLatencyTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// Runs an operation from N workers, each awaiting it in a loop (N operations in flight at all times), for a
/// fixed duration. Throughput counts every operation that started before the deadline over the time until
/// the last one finished; latency is each await, start to end.
/// </summary>
public static class ClosedLoop
{
    /// <param name="operation">One operation; returns false when its answer was not the expected one.</param>
    /// <param name="timeout">Hard bound on the whole run (stuck servers): throws <see cref="TimeoutException"/>.</param>
    public static async Task<LoadResult> RunAsync(Func<Task<bool>> operation, int concurrency, TimeSpan duration, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task<(List<long> Latencies, long Failures)>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                var latencies = new List<long>(1 << 14);
                long failures = 0;
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var began = Stopwatch.GetTimestamp();
                    var ok = await operation().ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetTimestamp() - began);
                    if (!ok)
                    {
                        failures++;
                    }
                }

                return (latencies, failures);
            });
        }

        var results = await Task.WhenAll(workers).WaitAsync(timeout).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var all = new long[results.Sum(r => r.Latencies.Count)];
        var at = 0;
        foreach (var (latencies, _) in results)
        {
            latencies.CopyTo(all, at);
            at += latencies.Count;
        }

        Array.Sort(all);
        return new LoadResult(all.Length, results.Sum(r => r.Failures), elapsed, all);
    }
}
