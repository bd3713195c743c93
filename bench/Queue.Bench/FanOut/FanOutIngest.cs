using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Queue.Bench.Infrastructure;
using Queue.Contracts;

namespace Queue.Bench.FanOut;

/// <summary>
/// One Confidential request to 50,000 distinct recipients through the dispatcher process: the time from its
/// publish to EmailAccepted, to EmailSplit, and until all 50,000 parts are in the account's lane. The lane is
/// paused by the operator beforehand so the parts stay there to be counted (intake does not stop for a pause).
/// The goal is under 30 s; that goal is the reference figure.
/// </summary>
public sealed class FanOutIngest : IBenchmark
{
    const int DefaultRecipients = 50_000;
    const string Account = "intranet@pasto.gov.co";
    static readonly TimeSpan Goal = TimeSpan.FromSeconds(30);
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    public string Name => "fanout";

    public string Description => "a Confidential request to 50,000 recipients: publish → accepted, split and every part in its lane (goal < 30 s)";

    public async Task<int> RunAsync(BenchArgs args)
    {
        var recipients = args.Messages ?? DefaultRecipients;
        await using var sink = SmtpSink.Start();
        await using var vhost = await BenchVhost.CreateAsync("fanout");
        await using var keys = await BenchKeyPrefix.CreateAsync(args.Redis, "fanout");
        var settings = DispatcherProcess.Settings(vhost, args.Redis, keys.Name, sink.Port, new Dictionary<string, string>
        {
            ["Validation__MaxRecipients"] = recipients.ToString(CultureInfo.InvariantCulture),
        });
        await using var dispatcher = await DispatcherProcess.StartAsync(vhost, settings, "fanout");
        var tap = await EventTap.StartAsync(vhost, nameof(EmailAccepted), nameof(EmailSplit), nameof(EmailRejected));
        await using var bus = await BenchBus.StartAsync(vhost.Name);
        var lane = DispatcherProcess.Lane(Account);

        Console.WriteLine($"== fanout: one Confidential request from {Account} to {recipients:N0} distinct recipients");
        Console.WriteLine($"queue:     the dispatcher process (Release, appsettings.json; Validation:MaxRecipients {recipients:N0}, the only setting raised for this), vhost {vhost.Name}");
        Console.WriteLine($"method:    the account paused first (PauseSending) so that parts stay in {lane} to be counted; a warm-up request of 100 recipients;");
        Console.WriteLine("           then timed from the start of the publish to EmailAccepted, EmailSplit (heard on the broker) and to the lane holding every part");
        Console.WriteLine();

        await DispatcherProcess.PauseAsync(bus, vhost, Account, "benchmark: counting the parts");
        var warmup = Request(100);
        await bus.Bus.Publish(warmup);
        await BenchVhost.WaitAsync(async () => await vhost.QueueAsync(lane) is { Ready: >= 100 }, TimeSpan.FromSeconds(60), "the warm-up's parts in the lane", 50);

        var request = Request(recipients);
        var cpu = dispatcher.Cpu();
        var start = Stopwatch.GetTimestamp();
        await bus.Bus.Publish(request);
        var published = Stopwatch.GetElapsedTime(start);
        var lastReport = Stopwatch.GetTimestamp();
        await BenchVhost.WaitAsync(async () =>
        {
            if (tap.Find(nameof(EmailRejected), request.RequestId) is { } rejected)
            {
                throw new InvalidOperationException($"the request was rejected: {rejected.Message}");
            }

            var ready = (await vhost.QueueAsync(lane))?.Ready ?? 0;
            if (Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(5))
            {
                lastReport = Stopwatch.GetTimestamp();
                Console.Error.WriteLine($"fanout: {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s: {ready - 100:N0} parts in the lane");
            }

            return ready >= 100 + recipients;
        }, Timeout, $"{recipients:N0} parts in the lane", 50);
        var inLane = Stopwatch.GetElapsedTime(start);
        var dispatcherCpu = dispatcher.Cpu() - cpu;
        await BenchVhost.WaitAsync(() => Task.FromResult(tap.Find(nameof(EmailSplit), request.RequestId) is not null), TimeSpan.FromSeconds(30), "EmailSplit heard");
        var accepted = Seconds(tap.Find(nameof(EmailAccepted), request.RequestId)!.Value.Timestamp - start);
        var (splitAt, split) = tap.Find(nameof(EmailSplit), request.RequestId)!.Value;
        var parts = split.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("requestId").GetGuid()).ToHashSet();
        var exact = (await vhost.QueueAsync(lane))?.Ready - 100;

        var table = new Table("step", "seconds after the publish");
        table.Add("publish confirmed by the broker", Seconds(published));
        table.Add("EmailAccepted heard", accepted);
        table.Add($"EmailSplit heard ({parts.Count:N0} distinct parts)", Seconds(splitAt - start));
        table.Add($"all {recipients:N0} parts in the lane", Seconds(inLane));
        table.Add("goal (reference)", Seconds(Goal));
        Console.Write(table);
        Console.WriteLine($"parts:     {exact:N0} in the lane, {parts.Count:N0} distinct request ids in EmailSplit (expected {recipients:N0} each)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dispatcher: {dispatcherCpu.TotalSeconds:0.0} s CPU for the request ({dispatcherCpu.TotalMicroseconds / recipients:0} µs per part); {recipients / inLane.TotalSeconds:N0} parts/s into the lane"));
        Console.WriteLine($"in lane / goal: {Table.Ratio(inLane / Goal)} (goal < 30 s: {(inLane < Goal && exact == recipients && parts.Count == recipients ? "met" : "NOT met")})");
        MemoryRecords.Add(Name, dispatcher.PeakRss(), null);
        Console.WriteLine();
        return exact == recipients && parts.Count == recipients ? 0 : 1;

        static string Seconds(object value) => value switch
        {
            TimeSpan t => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
            long ticks => (ticks / (double)Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture),
            _ => "?",
        };
    }

    static SendEmail Request(int recipients) => new()
    {
        RequestId = Guid.NewGuid(),
        From = Account,
        To = [.. Enumerable.Range(0, recipients).Select(i => $"persona{i:D6}@pasto.gov.co")],
        Subject = "Notificación individual: estado de su trámite",
        TextBody = "Señor(a): le informamos el estado de su trámite. Este mensaje es confidencial y dirigido solo a usted.",
        Category = EmailCategory.Confidential,
        Priority = EmailPriority.Normal,
        Application = "queue-bench",
    };
}
