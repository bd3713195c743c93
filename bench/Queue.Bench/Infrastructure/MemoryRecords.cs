using System.Globalization;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// Peak resident memory (VmHWM) of each dispatcher a benchmark ran, and of the reference process beside it,
/// kept in the run's folder so that the memory benchmark can report them per case and overall.
/// </summary>
public static class MemoryRecords
{
    const string FileName = "memory.tsv";

    public static void Add(string benchmark, long? dispatcherPeak, long? referencePeak)
    {
        var line = string.Join('\t', benchmark, dispatcherPeak?.ToString(CultureInfo.InvariantCulture) ?? "", referencePeak?.ToString(CultureInfo.InvariantCulture) ?? "");
        File.AppendAllLines(Path.Combine(BenchPaths.RunDirectory, FileName), [line]);
        Console.WriteLine($"memory:    dispatcher peak RSS (VmHWM) {ProcessStats.Mib(dispatcherPeak)}{(referencePeak is null ? "" : $", reference process {ProcessStats.Mib(referencePeak)}")}");
    }

    public static IReadOnlyList<(string Benchmark, long? Dispatcher, long? Reference)> Read()
    {
        var path = Path.Combine(BenchPaths.RunDirectory, FileName);
        return !File.Exists(path)
            ? []
            : File.ReadLines(path).Select(l => l.Split('\t')).Select(f => (f[0], Parse(f[1]), Parse(f[2]))).ToList();

        static long? Parse(string text) => long.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
