using System.Diagnostics;
using System.Globalization;
using Queue.Bench.Infrastructure;
using Queue.Contracts;

namespace Queue.Bench.Urgent;

/// <summary>
/// How long an Urgent request takes from publish to the SMTP sink when 5,000 Bulk requests of the same account
/// wait in its lane and the quota allows sending, against the same Urgent request with an empty lane, in the
/// same run and dispatcher process. The backlog is built deterministically: the operator pauses the account
/// (PauseSending), the Bulk requests are published and counted in the lane, the account is resumed, and once
/// Bulk mail is flowing to the sink the Urgent requests are published one after another.
/// </summary>
public sealed class UrgentLatency : IBenchmark
{
    const int DefaultBacklog = 5000;
    const string Account = "intranet@pasto.gov.co";
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public string Name => "urgent";

    public string Description => "publish → SMTP time of an Urgent request behind a 5,000-request Bulk backlog of its account vs with an empty lane";

    public async Task<int> RunAsync(BenchArgs args)
    {
        var backlog = args.Messages ?? DefaultBacklog;
        var samples = Math.Max(args.Rounds, 5);
        await using var sink = SmtpSink.Start();
        await using var vhost = await BenchVhost.CreateAsync("urgent");
        await using var keys = await BenchKeyPrefix.CreateAsync(args.Redis, "urgent");
        await using var dispatcher = await DispatcherProcess.StartAsync(vhost, DispatcherProcess.Settings(vhost, args.Redis, keys.Name, sink.Port), "urgent");
        await using var bus = await BenchBus.StartAsync(vhost.Name);
        var lane = DispatcherProcess.Lane(Account);
        var n = 0;

        Console.WriteLine($"== urgent: Urgent request of {Account} behind {backlog:N0} Bulk requests of the same account, vs an empty lane");
        Console.WriteLine($"queue:     the dispatcher process (Release, appsettings.json: LaneConcurrency 4, SMTP MaxConnections 4; quotas 10^9), vhost {vhost.Name}");
        Console.WriteLine("           requests: Notification, 1 recipient, ~2 KB; latency from the start of the publish to the end of DATA at the sink");
        Console.WriteLine($"method:    {samples} Urgent requests with the lane empty, one at a time; then the backlog (account paused, {backlog:N0} Bulk published and");
        Console.WriteLine($"           counted in {lane}, account resumed) and, once Bulk mail reaches the sink, {samples} Urgent requests one at a time");
        Console.WriteLine();

        // Warm-up: JIT and connections (RabbitMQ, Redis, SMTP) in the dispatcher.
        var warmup = Enumerable.Range(0, 100).Select(_ => BenchRequests.Notification(Account, ++n)).ToList();
        var before = sink.Messages;
        await bus.PublishAllAsync(warmup, 16);
        await Expect(sink.WaitForMessagesAsync(before + warmup.Count, Timeout), "the warm-up requests at the sink");

        var empty = new List<Sample>();
        for (var i = 0; i < samples; i++)
        {
            empty.Add(await UrgentAsync());
        }

        await DispatcherProcess.PauseAsync(bus, vhost, Account, "benchmark: building a backlog");
        var bulk = Enumerable.Range(0, backlog).Select(_ => BenchRequests.Notification(Account, ++n, EmailPriority.Bulk)).ToList();
        var sentBefore = sink.Messages;
        await bus.PublishAllAsync(bulk, 64);
        await BenchVhost.WaitAsync(async () => await vhost.QueueAsync(lane) is { Ready: var ready } && ready >= backlog, Timeout, $"{backlog:N0} Bulk requests in the lane", 100);
        await bus.Bus.Publish(new ResumeSending { Account = Account, By = "queue-bench" });
        await Expect(sink.WaitForMessagesAsync(sentBefore + 1, Timeout), "Bulk mail at the sink after the resume");
        var drainStart = Stopwatch.GetTimestamp();
        var drainFrom = sink.Messages;

        var behind = new List<Sample>();
        for (var i = 0; i < samples; i++)
        {
            behind.Add(await UrgentAsync());
        }

        var waiting = await vhost.QueueAsync(lane);
        await Expect(sink.WaitForMessagesAsync(sentBefore + backlog + samples, TimeSpan.FromSeconds(300)), "the whole backlog at the sink");
        var drainRate = (sink.Messages - drainFrom) / Stopwatch.GetElapsedTime(drainStart).TotalSeconds;

        var table = new Table("case", "median ms", "min ms", "max ms", "Bulk sent meanwhile (median)", "Bulk waiting in the lane at publish");
        table.Add("Urgent, empty lane (reference)", Table.Ms(Median.Of(empty, s => s.Ms)), Table.Ms(empty.Min(s => s.Ms)), Table.Ms(empty.Max(s => s.Ms)), "-", "0");
        table.Add($"Urgent behind {backlog:N0} Bulk", Table.Ms(Median.Of(behind, s => s.Ms)), Table.Ms(behind.Min(s => s.Ms)), Table.Ms(behind.Max(s => s.Ms)),
            Median.Of(behind, s => s.BulkMeanwhile).ToString("0", CultureInfo.InvariantCulture), $"{behind.Min(s => s.Waiting):N0}–{behind.Max(s => s.Waiting):N0}");
        Console.Write(table);
        Console.WriteLine($"samples:   empty {string.Join(", ", empty.Select(s => Table.Ms(s.Ms)))} ms; behind the backlog {string.Join(", ", behind.Select(s => $"{Table.Ms(s.Ms)} ({s.BulkMeanwhile} Bulk before it)"))}");
        Console.WriteLine($"backlog:   drained at {Table.Rate(drainRate)} msg/s through one lane; {waiting?.Ready ?? 0:N0} Bulk still waiting after the last Urgent one was sent");
        Console.WriteLine($"behind / empty (median): {Table.Ratio(Median.Of(behind, s => s.Ms) / Median.Of(empty, s => s.Ms))}");
        MemoryRecords.Add(Name, dispatcher.PeakRss(), null);
        Console.WriteLine();
        return 0;

        async Task<Sample> UrgentAsync()
        {
            var request = BenchRequests.Notification(Account, ++n, EmailPriority.Urgent);
            var waitingNow = (await vhost.QueueAsync(lane))?.Ready ?? 0;
            var sequence = sink.Messages;
            var start = Stopwatch.GetTimestamp();
            await bus.Bus.Publish(request);
            var arrival = await sink.WaitForAsync(request.RequestId, Timeout) ?? throw new TimeoutException($"the Urgent request did not reach the sink within {Timeout.TotalSeconds:0} s");
            return new Sample((arrival.Timestamp - start) * 1000.0 / Stopwatch.Frequency, arrival.Sequence - sequence - 1, waitingNow);
        }
    }

    static async Task Expect(Task<bool> wait, string what)
    {
        if (!await wait)
        {
            throw new TimeoutException($"{what} not reached in time");
        }
    }

    /// <param name="BulkMeanwhile">Messages that reached the sink between the publish and the Urgent one.</param>
    /// <param name="Waiting">Bulk requests ready in the lane when it was published.</param>
    sealed record Sample(double Ms, long BulkMeanwhile, uint Waiting);
}
