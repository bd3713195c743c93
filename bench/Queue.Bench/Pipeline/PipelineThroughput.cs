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
        await using var queueVhost = await BenchVhost.CreateAsync("pipeline");
        await using var referenceVhost = await BenchVhost.CreateAsync("pipeline-ref");
        await using var keys = await BenchKeyPrefix.CreateAsync(args.Redis, "pipeline");
        await using var dispatcher = await DispatcherProcess.StartAsync(queueVhost, DispatcherProcess.Settings(queueVhost, args.Redis, keys.Name, sink.Port), "pipeline");
        await using var reference = await ReferenceProcess.StartAsync(referenceVhost, count, "pipeline");
        await using var queueBus = await BenchBus.StartAsync(queueVhost.Name);
        await using var referenceBus = await BenchBus.StartAsync(referenceVhost.Name);

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
            var requests = Requests();
            var before = sink.Messages;
            var cpu = dispatcher.Cpu();
            var start = Stopwatch.GetTimestamp();
            await queueBus.PublishAllAsync(requests, PublishInFlight);
            var published = Stopwatch.GetElapsedTime(start);
            if (!await sink.WaitForMessagesAsync(before + count, RoundTimeout))
            {
                throw new TimeoutException($"the sink got {sink.Messages - before} of {count} messages within {RoundTimeout.TotalSeconds:0} s; dispatcher log: {dispatcher.LogPath}");
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            var missing = requests.Count(r => !sink.TryGetArrival(r.RequestId, out _));
            if (missing > 0)
            {
                throw new InvalidOperationException($"{missing} requests did not reach the sink (others came twice)");
            }

            return new Round(count / elapsed.TotalSeconds, count / published.TotalSeconds, (dispatcher.Cpu() - cpu).TotalMicroseconds / count);
        }

        async Task<Round> ReferenceRoundAsync()
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
        var table = new Table("side", "req/s end to end", "publish req/s", "process CPU µs/req");
        table.Add("Queue: publish → dispatcher → SMTP sink", Table.Rate(q.PerSecond), Table.Rate(q.PublishPerSecond), Micros(q.CpuMicros));
        table.Add("reference: publish → no-op MassTransit consumer", Table.Rate(r.PerSecond), Table.Rate(r.PublishPerSecond), Micros(r.CpuMicros));
        Console.Write(table);
        Console.WriteLine("publish req/s: while the publishes (with confirms) ran; process CPU: the dispatcher's, or the reference host's, per request.");
        Console.WriteLine($"rounds:    Queue {string.Join(", ", ours.Select(o => Table.Rate(o.PerSecond)))}; reference {string.Join(", ", theirs.Select(o => Table.Rate(o.PerSecond)))} req/s");
        var ratio = q.PerSecond / r.PerSecond;
        Console.WriteLine($"Queue / reference: {Table.Ratio(ratio)} (goal >= 0.5: {(ratio >= 0.5 ? "met" : "NOT met")})");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quiet machine: waited {calm.Waited.TotalSeconds:0.#} s of {args.QuietWait.TotalSeconds:0} s"));
        MemoryRecords.Add(Name, dispatcher.PeakRss(), reference.PeakRss());
        Console.WriteLine();
        return 0;

        static string Micros(double us) => us.ToString("0", CultureInfo.InvariantCulture);
    }

    sealed record Round(double PerSecond, double PublishPerSecond, double CpuMicros)
    {
        public static Round MedianOf(List<Round> rounds) =>
            new(Median.Of(rounds, r => r.PerSecond), Median.Of(rounds, r => r.PublishPerSecond), Median.Of(rounds, r => r.CpuMicros));
    }
}
