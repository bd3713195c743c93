using System.Collections.Concurrent;
using System.Globalization;

namespace Queue.Bench.Infrastructure;

/// <summary>The reference MassTransit host (<see cref="ReferenceHost"/>) as a process of its own, as the dispatcher is one.</summary>
public sealed class ReferenceProcess : IAsyncDisposable
{
    readonly ConcurrentDictionary<long, TaskCompletionSource> reached = new();
    readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    ChildProcess child = null!;

    public int Pid => child.Pid;

    /// <param name="reportEvery">It reports each multiple of this many consumed messages; see <see cref="WaitForConsumedAsync"/>.</param>
    public static async Task<ReferenceProcess> StartAsync(BenchVhost vhost, long reportEvery, string name)
    {
        var reference = new ReferenceProcess();
        reference.child = ChildProcess.StartDotnet(BenchPaths.BenchDll, [ReferenceHost.Command, vhost.Name, reportEvery.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string>(), Path.Combine(BenchPaths.RunDirectory, $"{name}-reference-{Environment.ProcessId}.log"), reference.Line);
        try
        {
            await reference.ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await BenchVhost.WaitAsync(async () => await vhost.QueueAsync(DispatcherProcess.QueueName) is { Consumers: > 0 }, TimeSpan.FromSeconds(30), "the reference host's consumer");
        }
        catch
        {
            await reference.DisposeAsync();
            throw;
        }

        return reference;
    }

    void Line(string line)
    {
        if (line == "ready")
        {
            ready.TrySetResult();
        }
        else if (line.StartsWith("consumed ", StringComparison.Ordinal) && long.TryParse(line[9..], CultureInfo.InvariantCulture, out var n))
        {
            reached.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>Completes when it has consumed <paramref name="total"/> messages in all (a multiple of its report interval).</summary>
    public Task WaitForConsumedAsync(long total, TimeSpan timeout) =>
        reached.GetOrAdd(total, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(timeout);

    public TimeSpan Cpu() => child.Cpu();

    public long? PeakRss() => child.PeakRss();

    public ValueTask DisposeAsync() => child.DisposeAsync();
}
