using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Queue.Bench.Infrastructure;
using Queue.Sending;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Transport;

namespace Queue.Bench.Smtp;

/// <summary>
/// Messages per second over one SMTP connection to the loopback sink: the <see cref="IMailTransport"/> that
/// Queue.Sending's registration gives the dispatcher (whichever client that is), against Python's smtplib
/// reusing one connection to send the very same bytes.
/// </summary>
public sealed class SmtpTransportThroughput : IBenchmark
{
    const int DefaultMessages = 2000;
    const int Concurrent = 16;
    static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    public string Name => "smtp";

    public string Description => "SMTP messages/s on one connection to a loopback sink: Queue's IMailTransport vs Python smtplib, same message";

    public async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Messages ?? DefaultMessages;
        await using var sink = SmtpSink.Start(captureFirstMessage: true);
        using var host = BuildSending(sink.Port);
        var transport = host.Services.GetRequiredService<IMailTransport>();
        var composer = host.Services.GetRequiredService<MailComposer>();
        host.Services.GetRequiredService<SenderDirectory>().TryGet(DispatcherProcess.Accounts[0], out var account);
        var route = account.Route;
        var n = 0;
        OutgoingMail[] Mails(int how) => [.. Enumerable.Range(0, how).Select(_ => composer.Compose(BenchRequests.Notification(account.Address, ++n), account))];

        Console.WriteLine($"== smtp: {count:N0} messages per round on one connection to a loopback sink (port {sink.Port})");
        Console.WriteLine($"queue:     {transport.GetType().Name} from Queue.Sending's registration (AddSending), route {route}, MaxConnections {route.MaxConnections}; mail composed beforehand by MailComposer");
        Console.WriteLine($"reference: /usr/bin/python3 bench/smtp-reference/smtplib_send.py (smtplib, one connection, sendmail of the same bytes)");

        // Warm-up: JIT, the connection, and the message the reference will send.
        await SendAllAsync(transport, route, Mails(200), 1);
        var message = sink.FirstMessage ?? throw new InvalidOperationException("the sink captured no message");
        var messagePath = Path.Combine(BenchPaths.RunDirectory, "smtp-message.eml");
        await File.WriteAllBytesAsync(messagePath, message);
        var sample = Mails(1)[0];
        Console.WriteLine($"message:   {message.Length:N0} bytes as sent (headers, text and HTML alternatives), 1 recipient; kept in {Path.GetRelativePath(BenchPaths.RepositoryRoot, messagePath)}");
        Console.WriteLine($"method:    {args.Rounds} rounds, sides alternating, medians; the connection is open before timing on both sides");
        Console.WriteLine();

        var sequential = new List<Side>();
        var concurrent = new List<Side>();
        var reference = new List<Side>();
        var connectionsBefore = sink.Connections;
        for (var round = 1; round <= args.Rounds; round++)
        {
            sequential.Add(await SendAllAsync(transport, route, Mails(count), 1));
            Console.Error.WriteLine($"smtp: round {round}: Queue 1 in flight {Table.Rate(sequential[^1].PerSecond)} msg/s");
            concurrent.Add(await SendAllAsync(transport, route, Mails(count), Concurrent));
            Console.Error.WriteLine($"smtp: round {round}: Queue {Concurrent} in flight {Table.Rate(concurrent[^1].PerSecond)} msg/s");
            reference.Add(await SmtplibAsync(sink, count, messagePath, sample.From.Address, sample.To[0].Address));
            Console.Error.WriteLine($"smtp: round {round}: smtplib {Table.Rate(reference[^1].PerSecond)} msg/s");
        }

        var connections = sink.Connections - connectionsBefore - args.Rounds;
        var ours = Side.MedianOf(sequential);
        var theirs = Side.MedianOf(reference);
        var pipelined = Side.MedianOf(concurrent);
        var table = new Table("case", "Queue msg/s", "smtplib msg/s", "Queue / smtplib", "Queue CPU µs/msg", "smtplib CPU µs/msg");
        table.Add("1 in flight, 1 connection", Table.Rate(ours.PerSecond), Table.Rate(theirs.PerSecond), Table.Ratio(ours.PerSecond / theirs.PerSecond),
            Micros(ours.CpuMicros - theirs.SinkMicros), Micros(theirs.CpuMicros));
        table.Add($"{Concurrent} in flight, MaxConnections 1", Table.Rate(pipelined.PerSecond), Table.Rate(theirs.PerSecond), Table.Ratio(pipelined.PerSecond / theirs.PerSecond),
            Micros(pipelined.CpuMicros - theirs.SinkMicros), Micros(theirs.CpuMicros));
        Console.Write(table);
        Console.WriteLine("Queue CPU: this process's CPU per message less the sink's share (the sink runs in this process); smtplib's: its own.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sink:      {theirs.SinkMicros:0.0} µs CPU per message (measured while smtplib sent), i.e. ~{1e6 / theirs.SinkMicros:N0} msg/s per core: not the bound"));
        Console.WriteLine($"connections opened by Queue's transport during the measured rounds: {connections} (0: the warm-up's one connection was reused)");
        var ratio = ours.PerSecond / theirs.PerSecond;
        Console.WriteLine($"Queue / smtplib at 1 in flight: {Table.Ratio(ratio)} (goal >= 1.0: {(ratio >= 1 ? "met" : "NOT met")})");
        Console.WriteLine();
        return 0;

        static string Micros(double us) => us.ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>The sending services exactly as the dispatcher registers them, configured by its appsettings.json plus the sink and one connection.</summary>
    static IHost BuildSending(int port)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Path.GetDirectoryName(BenchPaths.DispatcherDll),
            EnvironmentName = "Production",
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:Smtp:MaxConnections"] = "1",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // As the dispatcher's service defaults register it.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSending();
        return builder.Build();
    }

    static async Task<Side> SendAllAsync(IMailTransport transport, SmtpRoute route, OutgoingMail[] mails, int inFlight)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        var cpu = Cpu.Self();
        var start = Stopwatch.GetTimestamp();
        var failed = 0;
        await Parallel.ForEachAsync(mails, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = timeout.Token }, async (mail, token) =>
        {
            var result = await transport.SendAsync(mail, route, token);
            if (result.Status != SendStatus.Sent)
            {
                Interlocked.Increment(ref failed);
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {mails.Length} sends failed");
        }

        return new Side(mails.Length / elapsed.TotalSeconds, (Cpu.Self() - cpu).TotalMicroseconds / mails.Length, 0);
    }

    static async Task<Side> SmtplibAsync(SmtpSink sink, int count, string messagePath, string from, string to)
    {
        var script = Path.Combine(BenchPaths.RepositoryRoot, "bench/smtp-reference/smtplib_send.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "127.0.0.1", sink.Port.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture), messagePath, from, to })
        {
            start.ArgumentList.Add(argument);
        }

        var before = sink.Messages;
        var sinkCpu = Cpu.Self();
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync().WaitAsync(RunTimeout);
        var sinkMicros = (Cpu.Self() - sinkCpu).TotalMicroseconds / count;
        var fields = (await output).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (python.ExitCode != 0 || fields.Length < 6 || sink.Messages - before != count)
        {
            throw new InvalidOperationException($"smtplib failed (exit {python.ExitCode}, sink got {sink.Messages - before} of {count}): {await errors}");
        }

        var seconds = double.Parse(fields[3], CultureInfo.InvariantCulture);
        return new Side(count / seconds, double.Parse(fields[5], CultureInfo.InvariantCulture) * 1e6 / count, sinkMicros);
    }

    /// <param name="CpuMicros">CPU per message of the sending process.</param>
    /// <param name="SinkMicros">The sink's CPU per message (reference runs only: nothing else runs in this process then).</param>
    sealed record Side(double PerSecond, double CpuMicros, double SinkMicros)
    {
        public static Side MedianOf(List<Side> sides) =>
            new(Median.Of(sides, s => s.PerSecond), Median.Of(sides, s => s.CpuMicros), Median.Of(sides, s => s.SinkMicros));
    }
}
