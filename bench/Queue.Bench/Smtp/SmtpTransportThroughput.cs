using System.Diagnostics;
using System.Globalization;
using Queue.Bench.Infrastructure;

namespace Queue.Bench.Smtp;

/// <summary>
/// Messages per second over one SMTP connection to the loopback sink: the <see cref="Queue.Sending.Transport.IMailTransport"/>
/// that Queue.Sending's registration gives the dispatcher (whichever client that is), against Python's smtplib
/// reusing one connection to send the very same bytes. Both clients are processes of their own beside the sink,
/// which runs in this process: each side's CPU is its own, and neither shares a runtime with the sink.
/// </summary>
public sealed class SmtpTransportThroughput : IBenchmark
{
    const int DefaultMessages = 2000;
    const int Concurrent = 16;
    const int Warmup = 1000;
    static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    public string Name => "smtp";

    public string Description => "SMTP messages/s on one connection to a loopback sink: Queue's IMailTransport vs Python smtplib, same message";

    public async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Messages ?? DefaultMessages;
        await using var sink = SmtpSink.Start(captureFirstMessage: true);
        var from = DispatcherProcess.Accounts[0];
        const string to = "persona@pasto.gov.co";

        Console.WriteLine($"== smtp: {count:N0} messages per round on one connection to a loopback sink (port {sink.Port}, in the bench process)");
        Console.WriteLine($"queue:     Queue.Bench {QueueSmtpClient.Command}: the IMailTransport of Queue.Sending's registration (AddSending), the dispatcher's appsettings.json, MaxConnections 1; mail composed by MailComposer before timing");
        Console.WriteLine("reference: /usr/bin/python3 bench/smtp-reference/smtplib_send.py (smtplib, one connection, sendmail of the same bytes)");

        // The first run also captures the message the reference will send.
        var first = await QueueAsync(sink, 200, 1);
        var message = sink.FirstMessage ?? throw new InvalidOperationException("the sink captured no message");
        var messagePath = Path.Combine(BenchPaths.RunDirectory, "smtp-message.eml");
        await File.WriteAllBytesAsync(messagePath, message);
        Console.WriteLine($"transport: {first.Transport}");
        Console.WriteLine($"message:   {message.Length:N0} bytes as sent (headers, text and HTML alternatives), 1 recipient; kept in {Path.GetRelativePath(BenchPaths.RepositoryRoot, messagePath)}");
        Console.WriteLine($"method:    {args.Rounds} rounds, sides alternating, medians; each side a fresh process whose connection is open (Queue: after {Warmup:N0} warm-up messages, then batches until tiered compilation settled) before timing");
        Console.WriteLine();

        var sequential = new List<Side>();
        var concurrent = new List<Side>();
        var reference = new List<Side>();
        for (var round = 1; round <= args.Rounds; round++)
        {
            sequential.Add(await QueueAsync(sink, count, 1));
            Console.Error.WriteLine($"smtp: round {round}: Queue 1 in flight {Table.Rate(sequential[^1].PerSecond)} msg/s");
            concurrent.Add(await QueueAsync(sink, count, Concurrent));
            Console.Error.WriteLine($"smtp: round {round}: Queue {Concurrent} in flight {Table.Rate(concurrent[^1].PerSecond)} msg/s");
            reference.Add(await RunClientAsync(sink, count, "/usr/bin/python3",
                [Path.Combine(BenchPaths.RepositoryRoot, "bench/smtp-reference/smtplib_send.py"), "127.0.0.1", Invariant(sink.Port), Invariant(count), messagePath, from, to]));
            Console.Error.WriteLine($"smtp: round {round}: smtplib {Table.Rate(reference[^1].PerSecond)} msg/s");
        }

        var ours = Side.MedianOf(sequential);
        var theirs = Side.MedianOf(reference);
        var pipelined = Side.MedianOf(concurrent);
        var table = new Table("case", "Queue msg/s", "smtplib msg/s", "Queue / smtplib", "Queue CPU µs/msg", "smtplib CPU µs/msg", "sink CPU µs/msg (Queue, smtplib)");
        foreach (var (name, side) in new[] { ("1 in flight, 1 connection", ours), ($"{Concurrent} in flight, MaxConnections 1", pipelined) })
        {
            table.Add(name, Table.Rate(side.PerSecond), Table.Rate(theirs.PerSecond), Table.Ratio(side.PerSecond / theirs.PerSecond),
                Micros(side.CpuMicros), Micros(theirs.CpuMicros), $"{Micros(side.SinkMicros)}, {Micros(theirs.SinkMicros)}");
        }

        Console.Write(table);
        Console.WriteLine("CPU: each client process's own over the timed sends; the sink's is this process's over the client's run, per message.");
        Console.WriteLine($"Queue warm-up messages per run (until 3 batches of 250 in a row compiled no method): {string.Join(", ", sequential.Concat(concurrent).Select(s => s.Warmup))}; methods compiled while timed: {string.Join(", ", sequential.Concat(concurrent).Select(s => s.Jitted))}");
        Console.WriteLine($"connections per Queue run: {string.Join(", ", sequential.Concat(concurrent).Select(s => s.Connections))} (1: the warm-up's connection was reused for every timed send)");
        var ratio = ours.PerSecond / theirs.PerSecond;
        Console.WriteLine($"Queue / smtplib at 1 in flight: {Table.Ratio(ratio)} (goal >= 1.0: {(ratio >= 1 ? "met" : "NOT met")})");
        Console.WriteLine();
        return 0;

        static string Micros(double us) => us.ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>Queue's client stands in for the dispatcher's transport, so it takes the dispatcher's experiment settings too.</summary>
    static Task<Side> QueueAsync(SmtpSink sink, int count, int inFlight) =>
        RunClientAsync(sink, count, "dotnet", [BenchPaths.BenchDll, QueueSmtpClient.Command, Invariant(sink.Port), Invariant(count), Invariant(inFlight), Invariant(Warmup)],
            DispatcherProcess.ExperimentSettings(), Warmup);

    /// <summary>Runs one client process, which prints <c>sent N seconds S cpu C [transport T]</c>.</summary>
    static async Task<Side> RunClientAsync(SmtpSink sink, int count, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int warmup = 0)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var messagesBefore = sink.Messages;
        var connectionsBefore = sink.Connections;
        var sinkCpu = Cpu.Self();
        using var client = Process.Start(start)!;
        var output = client.StandardOutput.ReadToEndAsync();
        var errors = client.StandardError.ReadToEndAsync();

        // Waiting for the exit, not polling the sink, so this process does nothing but serve the client meanwhile; the
        // sink's CPU is taken over every message the client sent, warm-up included (its cost per message is flat).
        await client.WaitForExitAsync().WaitAsync(RunTimeout);
        var fields = (await output).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        warmup = fields.Length >= 10 ? int.Parse(fields[9], CultureInfo.InvariantCulture) : warmup;
        var sinkMicros = (Cpu.Self() - sinkCpu).TotalMicroseconds / (warmup + count);
        if (client.ExitCode != 0 || fields.Length < 6 || sink.Messages - messagesBefore != warmup + count)
        {
            throw new InvalidOperationException($"{program} failed (exit {client.ExitCode}, sink got {sink.Messages - messagesBefore} of {warmup + count}): {await errors}");
        }

        var seconds = double.Parse(fields[3], CultureInfo.InvariantCulture);
        return new Side(count / seconds, double.Parse(fields[5], CultureInfo.InvariantCulture) * 1e6 / count, sinkMicros,
            sink.Connections - connectionsBefore, fields.Length >= 8 ? fields[7] : "", warmup, fields.Length >= 12 ? int.Parse(fields[11], CultureInfo.InvariantCulture) : 0);
    }

    static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <param name="CpuMicros">CPU per message of the client process.</param>
    /// <param name="SinkMicros">The sink's CPU per message over the same sends.</param>
    /// <param name="Warmup">Messages sent before timing (Queue: until tiered compilation settled).</param>
    /// <param name="Jitted">Methods compiled during the timed sends.</param>
    sealed record Side(double PerSecond, double CpuMicros, double SinkMicros, long Connections, string Transport, int Warmup = 0, int Jitted = 0)
    {
        public static Side MedianOf(List<Side> sides) =>
            new(Median.Of(sides, s => s.PerSecond), Median.Of(sides, s => s.CpuMicros), Median.Of(sides, s => s.SinkMicros), 0, sides[0].Transport);
    }
}
