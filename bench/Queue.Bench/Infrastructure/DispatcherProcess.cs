using System.Diagnostics;
using System.Globalization;
using Queue.Contracts;
using Queue.Sending.Lanes;
using Queue.Dispatcher.ReadModel;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// The real dispatcher (Release build) as a process of its own in a benchmark's virtual host and Redis key
/// prefix, sending to the benchmark's SMTP sink, with quotas so large they never bind. Its settings are the
/// sample appsettings.json plus the environment variables listed in <see cref="Settings"/>.
/// </summary>
public sealed class DispatcherProcess : IAsyncDisposable
{
    public const string QueueName = "send-email";

    /// <summary>The sender accounts of appsettings.json, each with a lane.</summary>
    public static readonly string[] Accounts = ["intranet@pasto.gov.co", "secretarias@pasto.gov.co", "soportesistemas@pasto.gov.co"];

    /// <summary>High enough never to bind (the 5 % safety margin still applies), a valid int.</summary>
    const string NeverBinds = "1000000000";

    readonly ChildProcess child;

    DispatcherProcess(ChildProcess child, TimeSpan startup)
    {
        this.child = child;
        Startup = startup;
    }

    public int Pid => child.Pid;

    public TimeSpan Startup { get; }

    public static string Lane(string account) => LaneNames.For(QueueName, account);

    /// <summary>One for every dispatcher of the run, as replicas share it.</summary>
    static readonly string UnsubscribeSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>The settings every benchmark gives it; <paramref name="more"/> adds or overrides (e.g. Validation__MaxRecipients).</summary>
    public static Dictionary<string, string> Settings(BenchVhost vhost, string redis, string keyPrefix, int smtpPort, IReadOnlyDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["RabbitMq__Host"] = "127.0.0.1",
            ["RabbitMq__VirtualHost"] = vhost.Name,
            ["Redis__Configuration"] = redis,
            ["Redis__KeyPrefix"] = keyPrefix,
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Mail__Smtp__Security"] = "None",
            // Any free port: several dispatchers (tests, other benchmarks) may run at once.
            ["Urls"] = "http://127.0.0.1:0",

            // It runs as in production (identity on the bus, no sample secret): the bench's publisher is an
            // application granted every account and the operator's power (it pauses and resumes lanes).
            ["Applications__Registered__4__Name"] = "queue-bench",
            ["Applications__Registered__4__AmqpUser"] = BenchBus.UserName,
            ["Applications__Registered__4__Senders__0"] = "*",
            ["Applications__Registered__4__Powers__0"] = "Operate",
            ["Policy__Unsubscribe__Secret"] = UnsubscribeSecret,
        };
        foreach (var scope in new[] { "Account", "Domain" })
        {
            for (var i = 0; i < 2; i++)
            {
                settings[$"Quotas__{scope}__{i}__Messages"] = NeverBinds;
                settings[$"Quotas__{scope}__{i}__Recipients"] = NeverBinds;
            }
        }

        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in ExperimentSettings())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// For experiments without a code change: QUEUE_BENCH_DISPATCHER_SETTINGS="Telemetry__SampleInterval=00:01:00;…"
    /// (settings or runtime variables), printed as they are applied.
    /// </summary>
    public static Dictionary<string, string> ExperimentSettings()
    {
        var settings = new Dictionary<string, string>();
        foreach (var pair in (Environment.GetEnvironmentVariable("QUEUE_BENCH_DISPATCHER_SETTINGS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine($"setting:   {pair} (QUEUE_BENCH_DISPATCHER_SETTINGS)");
            var at = pair.IndexOf('=');
            settings[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }

        return settings;
    }

    /// <summary>Starts it and waits until its intake queue and every lane have their consumer.</summary>
    public static async Task<DispatcherProcess> StartAsync(BenchVhost vhost, Dictionary<string, string> settings, string name)
    {
        var started = Stopwatch.GetTimestamp();
        var child = ChildProcess.StartDotnet(BenchPaths.DispatcherDll, [], settings, Path.Combine(BenchPaths.RunDirectory, $"{name}-dispatcher-{Environment.ProcessId}.log"));
        var dispatcher = new DispatcherProcess(child, TimeSpan.Zero);
        try
        {
            await BenchVhost.WaitAsync(async () =>
            {
                if (child.Exited)
                {
                    throw new InvalidOperationException($"the dispatcher exited at start; its log ({child.LogPath}) ends:{Environment.NewLine}{child.Tail()}");
                }

                foreach (var queue in Accounts.Select(Lane).Prepend(QueueName))
                {
                    if (await vhost.QueueAsync(queue) is not { Consumers: > 0 })
                    {
                        return false;
                    }
                }

                return true;
            }, TimeSpan.FromSeconds(60), "the dispatcher's consumers on its intake queue and lanes", 100);
        }
        catch
        {
            await dispatcher.DisposeAsync();
            throw;
        }

        return new DispatcherProcess(child, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Pauses one account (null: all) as an operator does (PauseSending) and waits until its lanes have no consumer.</summary>
    public static async Task PauseAsync(BenchBus bus, BenchVhost vhost, string? account, string reason)
    {
        await bus.Bus.Publish(new PauseSending { Account = account, Reason = reason, By = "queue-bench" });
        await BenchVhost.WaitAsync(async () =>
        {
            foreach (var lane in (account is null ? Accounts : [account]).Select(Lane))
            {
                if (await vhost.QueueAsync(lane) is not { Consumers: 0 })
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(60), $"the lanes of {account ?? "every account"} paused", 50);
    }

    public TimeSpan Cpu() => child.Cpu();

    public long? PeakRss() => child.PeakRss();

    public string LogPath => child.LogPath;

    public ValueTask DisposeAsync() => child.DisposeAsync();
}
