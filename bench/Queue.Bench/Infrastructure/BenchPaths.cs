namespace Queue.Bench.Infrastructure;

/// <summary>Where the built programs and the run's records are: from bench/run.sh's environment, else found from the repository.</summary>
public static class BenchPaths
{
    static readonly Lazy<string> Repository = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Queue.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository (Queue.sln) above " + AppContext.BaseDirectory);
    });

    /// <summary>The dispatcher built in Release (bench/run.sh builds it), or $QUEUE_BENCH_DISPATCHER.</summary>
    public static string DispatcherDll =>
        Environment.GetEnvironmentVariable("QUEUE_BENCH_DISPATCHER") is { Length: > 0 } path
            ? path
            : Path.Combine(Repository.Value, "services/Queue.Dispatcher/bin/Release/net10.0/Queue.Dispatcher.dll");

    /// <summary>This program, to start a copy of it as the reference MassTransit host.</summary>
    public static string BenchDll => Path.Combine(AppContext.BaseDirectory, "Queue.Bench.dll");

    public static string RepositoryRoot => Repository.Value;

    /// <summary>Logs and records of this run: .run/bench/&lt;run&gt;/, one run per bench/run.sh invocation.</summary>
    public static string RunDirectory
    {
        get
        {
            var run = Environment.GetEnvironmentVariable("QUEUE_BENCH_RUN") is { Length: > 0 } r ? r : $"{DateTime.UtcNow:yyyyMMddTHHmmssZ}-{Environment.ProcessId}";
            Environment.SetEnvironmentVariable("QUEUE_BENCH_RUN", run);
            var dir = Path.Combine(Repository.Value, ".run/bench", run);
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
