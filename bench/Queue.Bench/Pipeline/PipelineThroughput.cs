using System.Diagnostics;
using System.Globalization;
using Queue.Bench.Infrastructure;
using Queue.Contracts;

namespace Queue.Bench.Pipeline;

/// <summary>
/// Requests per second from publish to SMTP acceptance through the real dispatcher process (intake, policy,
/// lanes, ledger, quota reservation in Redis, SMTP to the loopback sink), quotas that never bind, against the
/// same publishes to a plain MassTransit host whose consumer of the same contract does nothing, on the same
/// RabbitMQ. Both sides get the same number of messages, published by the same code with publisher confirms.
/// </summary>
public sealed class PipelineThroughput : IBenchmark
{
    const int DefaultMessages = 2000;
    const int PublishInFlight = 64;
    static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(180);

    public string Name => "pipeline";

    public string Description => "requests/s publish → SMTP sink through the dispatcher process vs publish → no-op MassTransit consumer";

    public async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Messages ?? DefaultMessages;
        await using var sink = SmtpSink.Start();
        await using var referenceVhost = await BenchVhost.CreateAsync("pipeline-ref");
        await using var reference = await ReferenceProcess.StartAsync(referenceVhost, count, "pipeline");
        await using var referenceBus = await BenchBus.StartAsync(referenceVhost.Name);
        await using var queue = await QueueSide.StartAsync(args, sink, new Dictionary<string, string>(), "pipeline");
        var dispatcher = queue.Dispatcher;
        var queueVhost = queue.Vhost;
        var keys = queue.Keys;

        Console.WriteLine($"== pipeline: {count:N0} requests per round, published {PublishInFlight} at a time with publisher confirms");
        Console.WriteLine($"queue:     the dispatcher process (Release, appsettings.json; quotas 10^9; SMTP to the sink), vhost {queueVhost.Name}, Redis {args.Redis} prefix {keys.Name}; started in {dispatcher.Startup.TotalSeconds:0.0} s");
        Console.WriteLine("           requests: Notification, Normal, 1 recipient, ~2 KB of text and HTML, from the 3 accounts in turn (3 lanes); timed until the sink has all");
        Console.WriteLine($"reference: a plain MassTransit {typeof(MassTransit.IBus).Assembly.GetName().Version} host process, one endpoint 'send-email' (prefetch 16), no-op consumer of SendEmail, vhost {referenceVhost.Name}; timed until it consumed all");
        Console.WriteLine($"method:    one warm-up round per side, then {args.Rounds} rounds, sides alternating, medians; each round after the machine is quiet (budget {args.QuietWait.TotalSeconds:0} s)");
        Console.WriteLine();

        var calm = new Calm(args.QuietWait);
        var n = 0;
        long consumed = 0;
        IReadOnlyList<SendEmail> Requests() => [.. Enumerable.Range(0, count).Select(_ => BenchRequests.Notification(DispatcherProcess.Accounts[n % 3], ++n))];

        async Task<Round> QueueRoundAsync()
        {
            Round? round = null;
            var others = await CpuShare.MeasureAsync(args.Redis, count, async () => round = await queue.RoundAsync(Requests()));
            return round! with { Others = others };
        }

        async Task<Round> ReferenceRoundAsync()
        {
            Round? round = null;
            var others = await CpuShare.MeasureAsync(args.Redis, count, async () => round = await UnmeasuredReferenceRoundAsync());
            return round! with { Others = others };
        }

        async Task<Round> UnmeasuredReferenceRoundAsync()
        {
            var requests = Requests();
            consumed += count;
            var cpu = reference.Cpu();
            var start = Stopwatch.GetTimestamp();
            await referenceBus.PublishAllAsync(requests, PublishInFlight);
            var published = Stopwatch.GetElapsedTime(start);
            await reference.WaitForConsumedAsync(consumed, RoundTimeout);
            var elapsed = Stopwatch.GetElapsedTime(start);
            return new Round(count / elapsed.TotalSeconds, count / published.TotalSeconds, (reference.Cpu() - cpu).TotalMicroseconds / count);
        }

        await QueueRoundAsync();
        await ReferenceRoundAsync();
        var ours = new List<Round>();
        var theirs = new List<Round>();
        for (var round = 1; round <= args.Rounds; round++)
        {
            await calm.WaitAsync();
            ours.Add(await QueueRoundAsync());
            Console.Error.WriteLine($"pipeline: round {round}: Queue {Table.Rate(ours[^1].PerSecond)} req/s");
            await calm.WaitAsync();
            theirs.Add(await ReferenceRoundAsync());
            Console.Error.WriteLine($"pipeline: round {round}: reference {Table.Rate(theirs[^1].PerSecond)} req/s");
        }

        var q = Round.MedianOf(ours);
        var r = Round.MedianOf(theirs);
        var table = new Table("side", "req/s end to end", "publish req/s", "consumer CPU µs/req", "RabbitMQ", "Redis", "bench process", "machine", "machine cores busy");
        foreach (var (name, side) in new[] { ("Queue: publish → dispatcher → SMTP sink", q), ("reference: publish → no-op MassTransit consumer", r) })
        {
            table.Add(name, Table.Rate(side.PerSecond), Table.Rate(side.PublishPerSecond), Micros(side.CpuMicros), Micros(side.Others!.Broker), Micros(side.Others.Redis),
                Micros(side.Others.Bench), Micros(side.Others.Machine), (side.Others.Machine * side.PerSecond / 1e6).ToString("0.00", CultureInfo.InvariantCulture));
        }

        Console.Write(table);
        Console.WriteLine("publish req/s: while the publishes (with confirms) ran. CPU µs per request: the consumer process (the dispatcher, or the reference");
        Console.WriteLine("host), RabbitMQ (beam.smp), Redis (server-wide), this process (publisher and sink), and the whole machine (other processes too).");
        Console.WriteLine($"rounds:    Queue {string.Join(", ", ours.Select(o => Table.Rate(o.PerSecond)))}; reference {string.Join(", ", theirs.Select(o => Table.Rate(o.PerSecond)))} req/s");
        var ratio = q.PerSecond / r.PerSecond;
        Console.WriteLine($"Queue / reference: {Table.Ratio(ratio)} (goal >= 0.5: {(ratio >= 0.5 ? "met" : "NOT met")})");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quiet machine: waited {calm.Waited.TotalSeconds:0.#} s of {args.QuietWait.TotalSeconds:0} s"));
        MemoryRecords.Add(Name, dispatcher.PeakRss(), reference.PeakRss());
        Console.WriteLine();
        if (args.Variants)
        {
            await VariantsAsync(args, sink, Requests, q);
        }

        return 0;
    }

    /// <summary>
    /// Queue's side again with one setting changed each, to tell what bounds it: logging, the lanes' parallelism
    /// and SMTP connections, the thread pool's spinning. Each runs on a dispatcher of its own, after the main
    /// comparison (the reference's figure is that comparison's).
    /// </summary>
    static async Task VariantsAsync(BenchArgs args, SmtpSink sink, Func<IReadOnlyList<SendEmail>> requests, Round configured)
    {
        (string Name, Dictionary<string, string> Settings)[] variants =
        [
            ("log level Warning (no log line per request)", new() { ["Logging__LogLevel__Default"] = "Warning" }),
            ("LaneConcurrency 16, SMTP MaxConnections 16", new() { ["Dispatcher__LaneConcurrency"] = "16", ["Mail__Smtp__MaxConnections"] = "16" }),
            ("thread pool spinning off", new() { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }),
            ("all three", new()
            {
                ["Logging__LogLevel__Default"] = "Warning", ["Dispatcher__LaneConcurrency"] = "16", ["Mail__Smtp__MaxConnections"] = "16",
                ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
            }),
        ];
        var table = new Table("Queue's side", "req/s end to end", "dispatcher CPU µs/req");
        table.Add("as configured (above)", Table.Rate(configured.PerSecond), Micros(configured.CpuMicros));
        foreach (var (name, settings) in variants)
        {
            await using var side = await QueueSide.StartAsync(args, sink, settings, "pipeline-variant");
            await side.RoundAsync(requests());
            var rounds = new List<Round>();
            for (var round = 0; round < args.Rounds; round++)
            {
                rounds.Add(await side.RoundAsync(requests()));
            }

            var median = Round.MedianOf(rounds);
            Console.Error.WriteLine($"pipeline: variant {name}: {Table.Rate(median.PerSecond)} req/s");
            table.Add(name, Table.Rate(median.PerSecond), Micros(median.CpuMicros));
        }

        Console.Write(table);
        Console.WriteLine();
    }

    static string Micros(double us) => us.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A dispatcher process with its virtual host, key prefix and a publisher, and one timed round through it.</summary>
    sealed class QueueSide : IAsyncDisposable
    {
        SmtpSink sink = null!;
        BenchBus bus = null!;

        public BenchVhost Vhost { get; private set; } = null!;

        public BenchKeyPrefix Keys { get; private set; } = null!;

        public DispatcherProcess Dispatcher { get; private set; } = null!;

        public static async Task<QueueSide> StartAsync(BenchArgs args, SmtpSink sink, Dictionary<string, string> settings, string name)
        {
            var side = new QueueSide { sink = sink };
            try
            {
                side.Vhost = await BenchVhost.CreateAsync(name);
                side.Keys = await BenchKeyPrefix.CreateAsync(args.Redis, name);
                side.Dispatcher = await DispatcherProcess.StartAsync(side.Vhost, DispatcherProcess.Settings(side.Vhost, args.Redis, side.Keys.Name, sink.Port, settings), name);
                side.bus = await BenchBus.StartAsync(side.Vhost.Name);
            }
            catch
            {
                await side.DisposeAsync();
                throw;
            }

            return side;
        }

        public async Task<Round> RoundAsync(IReadOnlyList<SendEmail> requests)
        {
            var count = requests.Count;
            var before = sink.Messages;
            var cpu = Dispatcher.Cpu();
            var start = Stopwatch.GetTimestamp();
            await bus.PublishAllAsync(requests, PublishInFlight);
            var published = Stopwatch.GetElapsedTime(start);
            if (!await sink.WaitForMessagesAsync(before + count, RoundTimeout))
            {
                throw new TimeoutException($"the sink got {sink.Messages - before} of {count} messages within {RoundTimeout.TotalSeconds:0} s; dispatcher log: {Dispatcher.LogPath}");
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            var missing = requests.Count(r => !sink.TryGetArrival(r.RequestId, out _));
            if (missing > 0)
            {
                throw new InvalidOperationException($"{missing} requests did not reach the sink (others came twice)");
            }

            return new Round(count / elapsed.TotalSeconds, count / published.TotalSeconds, (Dispatcher.Cpu() - cpu).TotalMicroseconds / count);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var part in new IAsyncDisposable?[] { bus, Dispatcher, Keys, Vhost })
            {
                if (part is not null)
                {
                    await part.DisposeAsync();
                }
            }
        }
    }

    /// <summary>CPU time of the processes a round keeps busy, per request: the consumer process, the broker, Redis, this process (publisher and sink), the whole machine.</summary>
    sealed record CpuShare(double Broker, double Redis, double Bench, double Machine)
    {
        public static async Task<CpuShare> MeasureAsync(string redis, int requests, Func<Task> round)
        {
            var broker = ProcessStats.Find("beam.smp");
            var server = ProcessStats.Find("redis-server", redis);
            var before = (ProcessStats.CpuOrZero(broker), ProcessStats.CpuOrZero(server), Cpu.Self(), Cpu.Machine() ?? TimeSpan.Zero);
            await round();
            double Per(TimeSpan after, TimeSpan start) => (after - start).TotalMicroseconds / requests;
            return new CpuShare(Per(ProcessStats.CpuOrZero(broker), before.Item1), Per(ProcessStats.CpuOrZero(server), before.Item2),
                Per(Cpu.Self(), before.Item3), Per(Cpu.Machine() ?? TimeSpan.Zero, before.Item4));
        }
    }

    sealed record Round(double PerSecond, double PublishPerSecond, double CpuMicros)
    {
        public CpuShare? Others { get; init; }

        public static Round MedianOf(List<Round> rounds) =>
            new(Median.Of(rounds, r => r.PerSecond), Median.Of(rounds, r => r.PublishPerSecond), Median.Of(rounds, r => r.CpuMicros))
            {
                Others = rounds.All(r => r.Others is not null)
                    ? new CpuShare(Median.Of(rounds, r => r.Others!.Broker), Median.Of(rounds, r => r.Others!.Redis), Median.Of(rounds, r => r.Others!.Bench), Median.Of(rounds, r => r.Others!.Machine))
                    : null,
            };
    }
}
