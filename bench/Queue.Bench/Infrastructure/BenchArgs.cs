using System.Globalization;

namespace Queue.Bench.Infrastructure;

/// <summary>Options shared by every benchmark.</summary>
/// <param name="Duration">Measured time of one round of one case, per side.</param>
/// <param name="Rounds">Each case alternates the sides this many times; figures are medians over rounds.</param>
/// <param name="QuietWait">Budget for the whole run for waiting until the rest of the machine is idle (see Calm).</param>
public sealed record BenchArgs(
    string Redis, TimeSpan Duration, int Rounds, TimeSpan Warmup, IReadOnlyList<int> Concurrency, bool Reference, bool Variants, TimeSpan QuietWait)
{
    /// <summary>Messages per round (pipeline, smtp), Bulk backlog (urgent) or recipients (fanout); null: the benchmark's default.</summary>
    public int? Messages { get; init; }

    /// <summary>Measured idle time (idle).</summary>
    public TimeSpan IdleWindow { get; init; } = TimeSpan.FromSeconds(60);

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        var redis = Environment.GetEnvironmentVariable("QUEUE_BENCH_REDIS") is { Length: > 0 } fromEnvironment ? fromEnvironment : "127.0.0.1:6379";
        var duration = TimeSpan.FromSeconds(2);
        var rounds = 3;
        var warmup = TimeSpan.FromSeconds(1);
        IReadOnlyList<int> concurrency = [1, 16, 64];
        var reference = true;
        var variants = false;
        var quietWait = TimeSpan.FromSeconds(60);
        int? messages = null;
        var idleWindow = TimeSpan.FromSeconds(60);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--redis":
                    redis = Value(i++);
                    break;
                case "--duration":
                    duration = Seconds(Value(i++), 0.1, 600);
                    break;
                case "--rounds":
                    rounds = int.TryParse(Value(i++), CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 100
                        ? r : throw new ArgumentException("--rounds needs a whole number from 1 to 100");
                    break;
                case "--warmup":
                    warmup = Seconds(Value(i++), 0, 600);
                    break;
                case "--concurrency":
                    concurrency = [.. Value(i++).Split(',').Select(c => int.TryParse(c, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4096
                        ? n : throw new ArgumentException($"--concurrency: '{c}' is not a whole number from 1 to 4096"))];
                    break;
                case "--no-reference":
                    reference = false;
                    break;
                case "--quiet-wait":
                    quietWait = Seconds(Value(i++), 0, 3600);
                    break;
                case "--messages":
                    messages = int.TryParse(Value(i++), CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 1_000_000
                        ? m : throw new ArgumentException("--messages needs a whole number from 1 to 1000000");
                    break;
                case "--idle":
                    idleWindow = Seconds(Value(i++), 1, 3600);
                    break;
                case "--variants":
                    variants = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return new BenchArgs(redis, duration, rounds, warmup, concurrency, reference, variants, quietWait) { Messages = messages, IdleWindow = idleWindow };

        string Value(int at) => at + 1 < args.Count ? args[at + 1] : throw new ArgumentException($"{args[at]} needs a value");

        static TimeSpan Seconds(string text, double min, double max) =>
            double.TryParse(text, CultureInfo.InvariantCulture, out var s) && s >= min && s <= max
                ? TimeSpan.FromSeconds(s)
                : throw new ArgumentException($"'{text}' is not a number of seconds from {min} to {max}");
    }

    public (string Host, int Port) RedisEndpoint
    {
        get
        {
            var colon = Redis.LastIndexOf(':');
            return colon < 0 ? (Redis, 6379) : (Redis[..colon], int.Parse(Redis[(colon + 1)..], CultureInfo.InvariantCulture));
        }
    }
}
