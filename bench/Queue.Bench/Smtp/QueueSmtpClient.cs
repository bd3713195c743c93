using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Queue.Bench.Infrastructure;
using Queue.Sending;
using Queue.Sending.Settings;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Transport;

namespace Queue.Bench.Smtp;

/// <summary>
/// <c>Queue.Bench smtp-client PORT COUNT IN_FLIGHT WARMUP</c>: Queue's side of the smtp benchmark as a process of its
/// own, the counterpart of <c>bench/smtp-reference/smtplib_send.py</c>, so both clients run beside the sink the same
/// way. It sends WARMUP messages (JIT, the connection), then batches until tiered compilation has settled, then COUNT
/// timed, and prints the same line as the reference, <c>sent COUNT seconds S cpu C</c>, plus the transport, the
/// warm-up messages sent and the methods compiled during the timed sends.
/// </summary>
public static class QueueSmtpClient
{
    public const string Command = "smtp-client";

    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var inFlight = int.Parse(args[3], CultureInfo.InvariantCulture);
        var warmup = int.Parse(args[4], CultureInfo.InvariantCulture);

        using var host = BuildSending(port);
        var transport = host.Services.GetRequiredService<IMailTransport>();
        var composer = host.Services.GetRequiredService<MailComposer>();
        host.Services.GetRequiredService<SenderDirectory>().TryGet(DispatcherProcess.Accounts[0], out var account);
        var n = 0;
        OutgoingMail[] Mails(int how) => [.. Enumerable.Range(0, how).Select(_ => composer.Compose(BenchRequests.Notification(account.Address, ++n), account))];

        await SendAllAsync(transport, account.Route, Mails(warmup), inFlight);
        var warmedUp = warmup + await SettleJitAsync(() => SendAllAsync(transport, account.Route, Mails(SettleBatch), inFlight));
        var mails = Mails(count);
        var jitted = JitInfo.GetCompiledMethodCount();
        var cpu = Cpu.Self();
        var start = Stopwatch.GetTimestamp();
        await SendAllAsync(transport, account.Route, mails, inFlight);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {count} seconds {seconds:0.000000} cpu {(Cpu.Self() - cpu).TotalSeconds:0.000000} transport {transport.GetType().Name} warmup {warmedUp} jitted {JitInfo.GetCompiledMethodCount() - jitted}"));
        return 0;
    }

    const int SettleBatch = 250;
    const int QuietBatches = 3;
    const int SettleBatchesAtMost = 60;

    /// <summary>
    /// Sends further batches until <see cref="QuietBatches"/> in a row compile no method: tiered compilation
    /// re-compiles hot methods in the background for a while after the first calls (each new method compiled
    /// postpones it), slower the busier the machine, and a timed run that still pays for it measures start-up, not
    /// the steady state a dispatcher runs in. Returns the messages it sent.
    /// </summary>
    static async Task<int> SettleJitAsync(Func<Task> batch)
    {
        var quiet = 0;
        for (var i = 1; i <= SettleBatchesAtMost; i++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await batch();
            quiet = JitInfo.GetCompiledMethodCount() == before ? quiet + 1 : 0;
            if (quiet == QuietBatches)
            {
                return i * SettleBatch;
            }
        }

        return SettleBatchesAtMost * SettleBatch;
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
        builder.AddSharedSettings();
        builder.AddSendEmailValidation();
        builder.AddInstitutionalPolicy();
        builder.AddComposition();
        builder.AddSmtpTransport();
        return builder.Build();
    }

    static async Task SendAllAsync(IMailTransport transport, SmtpRoute route, OutgoingMail[] mails, int inFlight)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var failed = 0;
        string? reply = null;
        await Parallel.ForEachAsync(mails, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = timeout.Token }, async (mail, token) =>
        {
            var result = await transport.SendAsync(mail, route, token);
            if (result.Status != SendStatus.Sent)
            {
                Interlocked.Increment(ref failed);
                reply = result.Reply;
            }
        });
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {mails.Length} sends failed, e.g. {reply}");
        }
    }
}
