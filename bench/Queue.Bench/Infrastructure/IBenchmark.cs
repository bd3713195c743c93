namespace Queue.Bench.Infrastructure;

public interface IBenchmark
{
    /// <summary>The name on the command line, e.g. <c>quota</c>.</summary>
    string Name { get; }

    string Description { get; }

    /// <returns>0 when it ran and every check passed.</returns>
    Task<int> RunAsync(BenchArgs args);
}
