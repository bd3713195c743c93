using Queue.Bench.Infrastructure;

namespace Queue.Bench.Rss;

/// <summary>
/// Peak resident memory (VmHWM from /proc/PID/status) of the dispatcher process of each benchmark run before it
/// in the same bench/run.sh invocation, and of the reference process beside it where there was one.
/// </summary>
public sealed class PeakRss : IBenchmark
{
    public string Name => "memory";

    public string Description => "peak RSS of the dispatcher through the pipeline, urgent, idle and fanout runs vs the reference MassTransit host";

    public Task<int> RunAsync(BenchArgs args)
    {
        var records = MemoryRecords.Read();
        Console.WriteLine($"== memory: peak RSS (VmHWM) of each dispatcher process of this run ({Path.GetFileName(BenchPaths.RunDirectory)})");
        if (records.Count == 0)
        {
            Console.Error.WriteLine("memory: nothing recorded in this run: run it after pipeline, urgent, idle or fanout (bench/run.sh memory does)");
            return Task.FromResult(1);
        }

        var table = new Table("benchmark", "dispatcher peak RSS", "reference peak RSS", "dispatcher / reference");
        foreach (var (benchmark, dispatcher, reference) in records)
        {
            table.Add(benchmark, ProcessStats.Mib(dispatcher), ProcessStats.Mib(reference), Ratio(dispatcher, reference));
        }

        var peak = records.Max(r => r.Dispatcher);
        var referencePeak = records.Max(r => r.Reference);
        table.Add("overall (largest)", ProcessStats.Mib(peak), ProcessStats.Mib(referencePeak), Ratio(peak, referencePeak));
        Console.Write(table);
        Console.WriteLine("Each benchmark starts a dispatcher of its own; the reference is the plain MassTransit host process (pipeline, idle). Both run");
        Console.WriteLine("with server GC (the dispatcher as Microsoft.NET.Sdk.Web sets it, the reference as Queue.Bench does).");
        Console.WriteLine();
        return Task.FromResult(0);

        static string Ratio(long? a, long? b) => a is { } x && b is { } y ? Table.Ratio((double)x / y) : "-";
    }
}
