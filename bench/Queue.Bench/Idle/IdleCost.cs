using System.Diagnostics;
using System.Globalization;
using Queue.Bench.Infrastructure;
using Queue.Contracts;

namespace Queue.Bench.Idle;

/// <summary>
/// What the dispatcher costs while every lane is paused by the operator (PauseSending for all accounts): its
/// CPU time and the Redis commands it sends per minute, counted on a private redis-server so that nothing else
/// is counted. Reference: an idle plain MassTransit host with one receive endpoint on the same RabbitMQ,
/// measured over the same minute.
/// </summary>
public sealed class IdleCost : IBenchmark
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    public string Name => "idle";

    public string Description => "CPU and Redis commands per minute of the dispatcher with every lane paused vs an idle MassTransit host";

    public async Task<int> RunAsync(BenchArgs args)
    {
        await using var redis = await PrivateRedis.StartAsync("idle");
        await using var sink = SmtpSink.Start();
        await using var vhost = await BenchVhost.CreateAsync("idle");
        await using var referenceVhost = await BenchVhost.CreateAsync("idle-ref");
        await using var dispatcher = await DispatcherProcess.StartAsync(vhost, DispatcherProcess.Settings(vhost, redis.Configuration, "queue-bench", sink.Port), "idle");
        await using var reference = await ReferenceProcess.StartAsync(referenceVhost, 1, "idle");
        await using var bus = await BenchBus.StartAsync(vhost.Name);

        Console.WriteLine($"== idle: every lane paused, measured for {args.IdleWindow.TotalSeconds:0} s");
        Console.WriteLine($"queue:     the dispatcher process (Release, appsettings.json), vhost {vhost.Name}, Redis: a private redis-server on port {redis.Port}");
        Console.WriteLine($"           paused with PauseSending (all accounts), then {Settle.TotalSeconds:0} s to settle once no lane has a consumer");
        Console.WriteLine($"reference: a plain MassTransit host process with one receive endpoint (no-op consumer), vhost {referenceVhost.Name}, same minute");
        Console.WriteLine();

        await DispatcherProcess.PauseAsync(bus, vhost, null, "benchmark: idle cost");
        await Task.Delay(Settle);

        var commands = await redis.CommandsAsync();
        var dispatcherCpu = dispatcher.Cpu();
        var referenceCpu = reference.Cpu();
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(args.IdleWindow);
        var minutes = Stopwatch.GetElapsedTime(start).TotalMinutes;
        var dispatcherMs = (dispatcher.Cpu() - dispatcherCpu).TotalMilliseconds / minutes;
        var referenceMs = (reference.Cpu() - referenceCpu).TotalMilliseconds / minutes;
        var after = await redis.CommandsAsync();
        // The first INFO of ours counts in the second's figures.
        var delta = after.Select(c => (Command: c.Key, Calls: c.Value - commands.GetValueOrDefault(c.Key) - (c.Key == "info" ? 1 : 0)))
            .Where(c => c.Calls > 0).OrderByDescending(c => c.Calls).ToList();
        var redisPerMinute = delta.Sum(c => c.Calls) / minutes;

        var table = new Table("side", "CPU ms/min", "% of a core", "Redis commands/min", "RSS now");
        table.Add("Queue dispatcher, every lane paused", Ms(dispatcherMs), Percent(dispatcherMs), Rate(redisPerMinute), ProcessStats.Mib(ProcessStats.Rss(dispatcher.Pid)));
        table.Add("reference: idle MassTransit host", Ms(referenceMs), Percent(referenceMs), "0", ProcessStats.Mib(ProcessStats.Rss(reference.Pid)));
        Console.Write(table);
        Console.WriteLine($"Redis commands in the window: {(delta.Count == 0 ? "none" : string.Join(", ", delta.Select(c => $"{c.Command} {c.Calls}")))}");
        Console.WriteLine($"Queue / reference CPU: {Table.Ratio(dispatcherMs / referenceMs)}");
        MemoryRecords.Add(Name, dispatcher.PeakRss(), reference.PeakRss());
        Console.WriteLine();
        return 0;

        static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);
        static string Percent(double msPerMinute) => (msPerMinute / 600).ToString("0.00", CultureInfo.InvariantCulture);
        static string Rate(double perMinute) => perMinute.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
