using Queue.Bench.Infrastructure;
using Queue.Bench.Quota;

namespace Queue.Bench;

/// <summary><c>Queue.Bench &lt;benchmark|all|list&gt; [options]</c>. A new benchmark is one more <see cref="IBenchmark"/> here.</summary>
static class Cli
{
    static readonly IBenchmark[] Benchmarks = [new QuotaReservations(), new Pipeline.PipelineThroughput(), new Smtp.SmtpTransportThroughput(), new Urgent.UrgentLatency(), new Idle.IdleCost(), new FanOut.FanOutIngest(), new Rss.PeakRss()];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Usage();
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] == "cleanup")
        {
            // After a run that was stopped (bench/run.sh's timeout): what its benchmark could not delete itself.
            await BenchVhost.DeleteLeftOversAsync();
            await BenchKeyPrefix.DeleteLeftOversAsync(BenchArgs.Parse([]).Redis);
            return 0;
        }

        if (args[0] == "list")
        {
            foreach (var benchmark in Benchmarks)
            {
                Console.WriteLine($"{benchmark.Name,-10} {benchmark.Description}");
            }

            return 0;
        }

        var selected = args[0] == "all" ? Benchmarks : Benchmarks.Where(b => b.Name == args[0]).ToArray();
        if (selected.Length == 0)
        {
            Console.Error.WriteLine($"bench: unknown benchmark '{args[0]}'");
            Usage();
            return 2;
        }

        BenchArgs options;
        try
        {
            options = BenchArgs.Parse(args[1..]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 2;
        }

        var failed = 0;
        foreach (var benchmark in selected)
        {
            if (await benchmark.RunAsync(options) != 0)
            {
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }

    static void Usage()
    {
        Console.WriteLine("usage: Queue.Bench <benchmark|all|list> [options]");
        Console.WriteLine();
        foreach (var benchmark in Benchmarks)
        {
            Console.WriteLine($"  {benchmark.Name,-10} {benchmark.Description}");
        }

        Console.WriteLine();
        Console.WriteLine("options:");
        Console.WriteLine("  --redis HOST:PORT     Redis to measure against             [$QUEUE_BENCH_REDIS or 127.0.0.1:6379]");
        Console.WriteLine("  --duration SECONDS    measured time of one round, per side [2]");
        Console.WriteLine("  --rounds N            rounds per case, sides alternating   [3]");
        Console.WriteLine("  --warmup SECONDS      warm-up before each case             [1]");
        Console.WriteLine("  --concurrency LIST    requests in flight per case          [1,16,64]");
        Console.WriteLine("  --quiet-wait SECONDS  budget (whole run) for waiting until other processes idle [60]");
        Console.WriteLine("  --no-reference        skip the redis-benchmark reference runs");
        Console.WriteLine("  --variants            also run client variants that locate a gap (see bench/README.md)");
    }
}
