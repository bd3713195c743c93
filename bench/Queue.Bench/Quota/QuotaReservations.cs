using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Queue.Bench.Infrastructure;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Bench.Quota;

/// <summary>
/// Quota reservations per second and their latency through <see cref="RedisQuotaGate"/> (Queue's own path, on a
/// multiplexer configured as the dispatcher's), against <c>redis-benchmark</c> sending EVALSHA of the very same
/// script with the same KEYS and ARGV to the same Redis. Limits are production-shaped (account and domain, hour
/// and day, messages and recipients, rolling) with caps that never bind, so every reservation runs the script's
/// full grant path: trim, count, then ZADD/INCRBY/PEXPIRE on eight keys and SET of the reservation record.
/// </summary>
/// <remarks>
/// Every measurement writes under a key prefix of its own and deletes it right after, so each starts on empty
/// logs (as a deployment's logs stay small: its caps bound them) and the data set never grows enough to make
/// Redis's background saves (fork, copy-on-write) a factor.
/// </remarks>
public sealed class QuotaReservations : IBenchmark
{
    const string Account = "intranet@pasto.gov.co";

    /// <summary>High enough never to bind, yet a valid <c>int</c> cap (the 5 % safety margin still applies).</summary>
    const int Cap = 1_000_000_000;

    /// <summary>
    /// Stands for a reservation's <c>{RequestId:N}</c> in the command given to redis-benchmark, which replaces
    /// <c>__rand_int__</c> by 12 digits per request: the same 32 characters, a fresh reservation every time.
    /// </summary>
    const string RandomRequestId = "00000000000000000000__rand_int__";

    /// <summary>redis-benchmark's peak configuration (16 connections, 16 pipelined each): a server ceiling.</summary>
    const int CeilingClients = 16, CeilingPipeline = 16, MaxReferenceRequests = 200_000;

    /// <summary>Hard bound on any one measurement (a stuck server ends the run instead of hanging it).</summary>
    static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public string Name => "quota";

    public string Description => "quota reservations/s and latency: RedisQuotaGate vs redis-benchmark running the same Lua script";

    public async Task<int> RunAsync(BenchArgs args)
    {
        var run = $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}-{Random.Shared.Next(0x10000):x4}";
        var (host, port) = args.RedisEndpoint;

        // The gate's multiplexer is configured exactly as RedisRegistration.AddQueueRedis configures the
        // dispatcher's; checks and clean-up use a second (admin) one so they never share its pipe.
        using var redis = await ConnectAsync(args.Redis, _ => { });
        using var admin = await ConnectAsync(args.Redis, c => c.AllowAdmin = true);
        if (!redis.IsConnected || !admin.IsConnected)
        {
            Console.Error.WriteLine($"quota: Redis at {args.Redis} is not reachable (start it with scripts/servers.sh)");
            return 1;
        }

        var store = new Store(admin, run);
        var quotas = Options.Create(Quotas());
        var cleanups = new List<Func<ValueTask>>();
        try
        {
            var shape = await CaptureAsync(redis, quotas, store.NextPrefix());
            var sha = Convert.ToHexStringLower(await store.Server.ScriptLoadAsync(shape.Script));

            Console.WriteLine($"== quota: reservations through RedisQuotaGate vs redis-benchmark, Redis {args.Redis}");
            Console.WriteLine($"limits:    {string.Join(", ", Gate(redis, quotas, shape.Prefix).Limits(Account).Select(l => $"{l.Id} ({l.Mode.ToString().ToLowerInvariant()} {l.Window}, caps {l.Messages}/{l.Recipients})"))}");
            Console.WriteLine($"request:   account {Account}, 1 recipient, a new RequestId each time; keys under {run}-N:* (one N per measurement, deleted after it)");
            Console.WriteLine($"script:    QuotaScripts.Reserve, {shape.Script.Length} chars, SHA1 {sha}");
            Console.WriteLine($"reference: redis-benchmark -h {host} -p {port} -c C -P P -n N -r {RedisBenchmarkTool.KeySpace} --csv {string.Join(' ', Command(sha, shape).Select(Quote))}");
            var (ownMicros, ownBytes) = await GateAloneAsync(redis, quotas, shape, sha);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gate:      RedisQuotaGate's own work per reservation, no I/O (KEYS/ARGV built, reply read): {ownMicros:0.0} µs CPU, {ownBytes:N0} bytes allocated"));
            Console.WriteLine($"method:    per case {args.Rounds} rounds of {args.Duration.TotalSeconds:0.#} s per side, sides alternating, medians over rounds; {args.Warmup.TotalSeconds:0.#} s warm-up per case; each round once the machine is quiet (budget {args.QuietWait.TotalSeconds:0} s); .NET sees {Environment.ProcessorCount} cores");
            Console.WriteLine();

            var clients = new List<Client>
            {
                new("Queue C# RedisQuotaGate", prefix =>
                {
                    var gate = Gate(redis, quotas, prefix);
                    return () => gate.ReserveAsync(Request());
                }),
            };
            if (args.Variants)
            {
                clients.AddRange(await VariantsAsync(args, redis, quotas, shape, sha, cleanups));
            }

            // JIT, thread pool, connections: one longer warm-up before anything is measured.
            foreach (var client in clients)
            {
                await MeasureAsync(store, shape, client, 16, TimeSpan.FromSeconds(Math.Max(2, args.Warmup.TotalSeconds)));
            }

            var summary = new Table("case", "Queue C# req/s", "p50 ms", "p99 ms", "redis-benchmark", "req/s", "p50 ms", "p99 ms", "C# / rb");
            var details = new Table("case", "client", "req/s", "p50 ms", "p99 ms", "client CPU µs/req", "Redis CPU µs/req", "others % core", "vs rb");
            var stats = new CommandStats();
            var calm = new Calm(args.QuietWait);
            var ratios = new List<double>();
            var best = 0.0;
            foreach (var inFlight in args.Concurrency)
            {
                var title = inFlight == 1 ? "sequential (1 in flight)" : $"{inFlight} concurrent tasks";
                foreach (var client in clients)
                {
                    await MeasureAsync(store, shape, client, inFlight, args.Warmup);
                }

                var samples = clients.ToDictionary(c => c, _ => new List<Sample>());
                var references = new List<Sample>();
                for (var round = 1; round <= args.Rounds; round++)
                {
                    foreach (var client in clients)
                    {
                        var sample = await calm.MeasureAsync(async () =>
                        {
                            var before = client == clients[0] ? await CommandStats.ReadAsync(store.Server) : null;
                            var measured = await MeasureAsync(store, shape, client, inFlight, args.Duration);
                            if (before is not null)
                            {
                                stats.Add(before, await CommandStats.ReadAsync(store.Server));
                            }

                            return measured;
                        }, s => s.OthersPercent);
                        samples[client].Add(sample);

                        Progress(title, round, args.Rounds, client.Name, sample);
                    }

                    if (args.Reference)
                    {
                        // About as many requests as the gate managed in a round, so both sides run for similar times.
                        var requests = (long)Math.Clamp(samples[clients[0]][^1].PerSecond * args.Duration.TotalSeconds, 2_000, MaxReferenceRequests);
                        var sample = await calm.MeasureAsync(() => ReferenceAsync(store, host, port, 1, inFlight, requests, sha, shape), s => s.OthersPercent);
                        references.Add(sample);
                        Progress(title, round, args.Rounds, $"redis-benchmark -c 1 -P {inFlight} -n {requests}", sample);
                    }
                }

                var ours = Sample.Median(samples[clients[0]]);
                var reference = references.Count > 0 ? Sample.Median(references) : null;
                var ratio = reference is null ? double.NaN : ours.PerSecond / reference.PerSecond;
                if (reference is not null)
                {
                    ratios.Add(ratio);
                }

                best = Math.Max(best, ours.PerSecond);
                summary.Add(title, Table.Rate(ours.PerSecond), Table.Ms(ours.P50Ms), Table.Ms(ours.P99Ms),
                    reference is null ? "-" : $"-c 1 -P {inFlight}", Table.Rate(reference?.PerSecond ?? double.NaN),
                    Table.Ms(reference?.P50Ms ?? double.NaN), Table.Ms(reference?.P99Ms ?? double.NaN), Table.Ratio(ratio));
                foreach (var client in clients)
                {
                    var s = Sample.Median(samples[client]);
                    details.Add(title, client.Name, Table.Rate(s.PerSecond), Table.Ms(s.P50Ms), Table.Ms(s.P99Ms), Micros(s.ClientCpuMicros),
                        Micros(s.ServerCpuMicros), Percent(s.OthersPercent), Table.Ratio(reference is null ? double.NaN : s.PerSecond / reference.PerSecond));
                }

                if (reference is not null)
                {
                    details.Add(title, $"redis-benchmark -c 1 -P {inFlight}", Table.Rate(reference.PerSecond), Table.Ms(reference.P50Ms),
                        Table.Ms(reference.P99Ms), Micros(reference.ClientCpuMicros), Micros(reference.ServerCpuMicros), Percent(reference.OthersPercent), "1.00");
                }
            }

            if (args.Reference)
            {
                var requests = (long)Math.Clamp(best * args.Duration.TotalSeconds * 2, 10_000, MaxReferenceRequests);
                var ceiling = await calm.MeasureAsync(() => ReferenceAsync(store, host, port, CeilingClients, CeilingPipeline, requests, sha, shape), s => s.OthersPercent);
                Progress("server ceiling", 1, 1, $"redis-benchmark -c {CeilingClients} -P {CeilingPipeline} -n {requests}", ceiling);
                summary.Add("best C# vs redis-benchmark peak", Table.Rate(best), "", "", $"-c {CeilingClients} -P {CeilingPipeline}",
                    Table.Rate(ceiling.PerSecond), Table.Ms(ceiling.P50Ms), Table.Ms(ceiling.P99Ms), Table.Ratio(best / ceiling.PerSecond));
                details.Add("server ceiling", $"redis-benchmark -c {CeilingClients} -P {CeilingPipeline}", Table.Rate(ceiling.PerSecond),
                    Table.Ms(ceiling.P50Ms), Table.Ms(ceiling.P99Ms), Micros(ceiling.ClientCpuMicros), Micros(ceiling.ServerCpuMicros), Percent(ceiling.OthersPercent), "");
            }

            Console.Write(summary);
            Console.WriteLine("req/s and latency are medians over rounds. redis-benchmark's latency under -P > 1 runs from a batch's write to its");
            Console.WriteLine("first reply, so compare latency at 1 in flight only; C#'s is each await's, start to end.");
            Console.WriteLine();
            Console.Write(details);
            Console.WriteLine("CPU per request: the client process's (this process for C# clients, redis-benchmark's own for it) and Redis's");
            Console.WriteLine("(INFO cpu, main process, server-wide: other clients' commands count too). others % core: CPU the rest of the");
            Console.WriteLine("machine used meanwhile (other processes, hypervisor steal); figures measured beside more than ~10 % are disturbed.");
            Console.WriteLine();
            Console.WriteLine($"Redis counted during the RedisQuotaGate runs (server-wide): {stats}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Quiet machine: waited {calm.Waited.TotalSeconds:0.#} s of {args.QuietWait.TotalSeconds:0} s for other processes to idle (< {Calm.IdleBelowPercent:0} % of a core), measured {calm.Retries} disturbed rounds again."));
            if (ratios.Count > 0)
            {
                var worst = ratios.Min();
                Console.WriteLine($"C# / redis-benchmark at equal requests in flight: worst {Table.Ratio(worst)} (goal >= 0.70: {(worst >= 0.7 ? "met" : "NOT met")})");
            }

            Console.WriteLine();
            return 0;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or RedisException or IOException
                                       or System.Net.Sockets.SocketException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"quota: FAILED: {e.Message}");
            return 1;
        }
        finally
        {
            foreach (var cleanup in cleanups)
            {
                await cleanup();
            }

            // Measurements delete their own keys; this catches whatever a failed one left.
            var left = await store.DeleteAsync($"{run}-*");
            if (left > 0)
            {
                Console.Error.WriteLine($"quota: removed {left:N0} leftover keys (probe reservations) under {run}-*");
            }
        }
    }

    /// <summary>As <c>RedisRegistration.AddQueueRedis</c> builds the dispatcher's multiplexer, then <paramref name="adjust"/>.</summary>
    static async Task<ConnectionMultiplexer> ConnectAsync(string configuration, Action<ConfigurationOptions> adjust)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 3;
        adjust(options);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    static QuotaOptions Quotas()
    {
        // The shape of appsettings.json (account and domain, hour and day, messages and recipients, rolling).
        return new QuotaOptions
        {
            Account = [Limit("hour", TimeSpan.FromHours(1)), Limit("day", TimeSpan.FromDays(1))],
            Domain = [Limit("hour", TimeSpan.FromHours(1)), Limit("day", TimeSpan.FromDays(1))],
        };

        static QuotaLimitOptions Limit(string name, TimeSpan window) =>
            new() { Name = name, Window = window, Mode = QuotaWindowMode.Rolling, Messages = Cap, Recipients = Cap };
    }

    /// <summary>The gate as the dispatcher composes it (SendingRegistration), unthrottled (no blocklisting in force).</summary>
    static RedisQuotaGate Gate(IConnectionMultiplexer redis, IOptions<QuotaOptions> quotas, string prefix) =>
        Gate(redis, new Queue.Sending.Settings.FixedOptionsMonitor<QuotaOptions>(quotas.Value), Options.Create(new RedisOptions { KeyPrefix = prefix }));

    static RedisQuotaGate Gate(IConnectionMultiplexer redis, IOptionsMonitor<QuotaOptions> quotas, IOptions<RedisOptions> redisOptions) =>
        new(redis, quotas, redisOptions, new QuotaThrottle(), new WarmupLedger(redis, redisOptions, quotas, TimeProvider.System), TimeProvider.System);

    static QuotaRequest Request() => new(Guid.NewGuid(), "a1", Account, 1);

    static IEnumerable<string> Command(string sha, Shape shape) => ["EVALSHA", sha, .. shape.Command];

    /// <summary>
    /// One real reservation through a gate whose multiplexer records what it sends: the script and its KEYS and
    /// ARGV, with the request id replaced by <see cref="RandomRequestId"/> for redis-benchmark.
    /// </summary>
    static async Task<Shape> CaptureAsync(IConnectionMultiplexer redis, IOptions<QuotaOptions> quotas, string prefix)
    {
        var captured = new List<CapturedScript>();
        var gate = Gate(ScriptCapture.Wrap(redis, captured), quotas, prefix);
        var request = Request();
        var decision = await gate.ReserveAsync(request);
        if (decision.Outcome != QuotaOutcome.Granted || captured.Count != 1)
        {
            throw new InvalidOperationException($"the probe reservation was {decision.Outcome} after {captured.Count} script calls (expected Granted after 1)");
        }

        var id = request.RequestId.ToString("N");
        var call = captured[0];
        var keys = call.Keys.Select(k => ((string)k!).Replace(id, RandomRequestId, StringComparison.Ordinal)).ToArray();
        var values = call.Args.Select(v => ((string)v!).Replace(id, RandomRequestId, StringComparison.Ordinal)).ToArray();
        if (keys.Concat(values).Count(s => s.Contains(RandomRequestId, StringComparison.Ordinal)) < 2)
        {
            throw new InvalidOperationException("the gate's KEYS/ARGV no longer carry the request id in the reservation key and member");
        }

        if (!keys.All(k => k.StartsWith(prefix + ":", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"the gate's KEYS do not all start with its key prefix '{prefix}:'");
        }

        return new Shape(call.Script, prefix, keys, values);
    }

    /// <summary>
    /// Other ways of making the same call, to locate a gap between the gate and redis-benchmark (--variants).
    /// They are not Queue's path; each is checked like the gate (every reservation granted and logged).
    /// </summary>
    static async Task<List<Client>> VariantsAsync(BenchArgs args, IConnectionMultiplexer redis, IOptions<QuotaOptions> quotas,
        Shape shape, string sha, List<Func<ValueTask>> cleanups)
    {
        var raw = await RespClient.ConnectAsync(args.RedisEndpoint.Host, args.RedisEndpoint.Port);
        cleanups.Add(raw.DisposeAsync);
        var hash = Convert.FromHexString(sha);
        return
        [
            new("bare EVALSHA (sha1 overload), same KEYS/ARGV", prefix => Evaluate(redis.GetDatabase(), hash, shape.For(prefix))),
            new("raw .NET socket, no client library", prefix =>
            {
                var command = shape.For(prefix);
                return async () =>
                {
                    var reply = (object?[])(await raw.CallAsync(command.FreshCommand(sha)).ConfigureAwait(false))!;
                    return reply[0] is 1L ? QuotaDecision.Granted : new QuotaDecision(QuotaOutcome.Denied);
                };
            }),
        ];

        static Func<Task<QuotaDecision>> Evaluate(IDatabase database, byte[] hash, Shape shape) => async () =>
        {
            var (keys, values) = shape.Fresh();
            var result = (RedisResult[])(await database.ScriptEvaluateAsync(hash, keys, values).ConfigureAwait(false))!;
            return (long)result[0] == 1 ? QuotaDecision.Granted : new QuotaDecision(QuotaOutcome.Denied);
        };
    }

    /// <summary>
    /// What <see cref="RedisQuotaGate.ReserveAsync"/> costs by itself: the gate on a multiplexer that answers at once
    /// with a real grant reply, one thread, so neither Redis nor the client library is in the figure.
    /// </summary>
    static async Task<(double Micros, double Bytes)> GateAloneAsync(IConnectionMultiplexer redis, IOptions<QuotaOptions> quotas, Shape shape, string sha)
    {
        var (keys, values) = shape.Fresh();
        var reply = await redis.GetDatabase().ScriptEvaluateAsync(Convert.FromHexString(sha), keys, values);
        var gate = Gate(ScriptStub.Create(reply), quotas, shape.Prefix);
        const int Warmup = 50_000, Count = 200_000;
        for (var i = 0; i < Warmup; i++)
        {
            _ = gate.ReserveAsync(Request()).GetAwaiter().GetResult();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Count; i++)
        {
            _ = gate.ReserveAsync(Request()).GetAwaiter().GetResult();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalMicroseconds / Count, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Count);
    }

    static async Task<Sample> MeasureAsync(Store store, Shape shape, Client client, int inFlight, TimeSpan duration)
    {
        var prefix = store.NextPrefix();
        var reserve = client.Create(prefix);
        var server = await store.ServerCpuAsync();
        var machine = Cpu.Machine();
        var cpu = Cpu.Self();
        var result = await ClosedLoop.RunAsync(async () => (await reserve().ConfigureAwait(false)).Outcome == QuotaOutcome.Granted, inFlight, duration, RunTimeout);
        cpu = Cpu.Self() - cpu;
        machine = Cpu.Machine() - machine;
        server = await store.ServerCpuAsync() - server;
        if (result.Failures > 0)
        {
            throw new InvalidOperationException($"{client.Name}: {result.Failures} of {result.Operations} reservations were not granted");
        }

        var logged = await store.LoggedAsync(shape.For(prefix));
        if (logged != result.Operations)
        {
            throw new InvalidOperationException($"{client.Name}: {result.Operations} reservations granted but {logged} in the account's log under {prefix}");
        }

        await store.DeleteAsync($"{prefix}:*");
        return new Sample(result.PerSecond, result.PercentileMs(50), result.PercentileMs(99),
            cpu.TotalMicroseconds / result.Operations, server.TotalMicroseconds / result.Operations, Others(machine, cpu, server, result.Elapsed));
    }

    static async Task<Sample> ReferenceAsync(Store store, string host, int port, int clients, int pipeline, long requests, string sha, Shape shape)
    {
        var prefix = store.NextPrefix();
        var server = await store.ServerCpuAsync();
        var machine = Cpu.Machine();
        var cpu = Cpu.Children();
        var started = Stopwatch.GetTimestamp();
        var result = await RedisBenchmarkTool.RunAsync(host, port, clients, pipeline, requests, [.. Command(sha, shape.For(prefix))], RunTimeout);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var client = Cpu.Children() - cpu;
        machine = Cpu.Machine() - machine;
        server = await store.ServerCpuAsync() - server;
        // Nearly every request must have reserved anew (a random id drawn twice finds its reservation: rare).
        var logged = await store.LoggedAsync(shape.For(prefix));
        if (logged < requests * 0.99)
        {
            throw new InvalidOperationException($"redis-benchmark {result.Label}: {requests} requests but only {logged} in the account's log under {prefix}");
        }

        await store.DeleteAsync($"{prefix}:*");
        return new Sample(result.PerSecond, result.P50Ms, result.P99Ms, client?.TotalMicroseconds / requests ?? double.NaN,
            server.TotalMicroseconds / requests, Others(machine, client, server, elapsed));
    }

    /// <summary>
    /// CPU the rest of the machine used meanwhile (other processes, and time the hypervisor gave elsewhere), in %
    /// of one core: anything well above a few % means the figures of that measurement were disturbed.
    /// </summary>
    static double Others(TimeSpan? machine, TimeSpan? client, TimeSpan server, TimeSpan elapsed) =>
        machine is { } m && client is { } c ? Math.Max(0, (m - c - server).TotalSeconds / elapsed.TotalSeconds * 100) : double.NaN;

    /// <summary>Each round's figures on stderr, so noise between rounds is visible.</summary>
    static void Progress(string title, int round, int rounds, string client, Sample sample) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"quota: {title}, round {round}/{rounds}, {client}: {sample.PerSecond:0}/s p50 {sample.P50Ms:0.000} ms p99 {sample.P99Ms:0.000} ms, client {sample.ClientCpuMicros:0.0} µs/req, Redis {sample.ServerCpuMicros:0.0} µs/req, others {sample.OthersPercent:0}% of a core"));

    static string Quote(string arg) => arg.Contains('{', StringComparison.Ordinal) ? $"'{arg}'" : arg;

    static string Micros(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0", CultureInfo.InvariantCulture);

    static string Percent(double value) => double.IsNaN(value) ? "-" : value.ToString("0", CultureInfo.InvariantCulture);

    /// <param name="Create">Makes the reserve call for a measurement writing under the given key prefix.</param>
    sealed record Client(string Name, Func<string, Func<Task<QuotaDecision>>> Create);

    /// <summary>One round of one client; CPU figures are per request, <see cref="OthersPercent"/> in % of one core.</summary>
    sealed record Sample(double PerSecond, double P50Ms, double P99Ms, double ClientCpuMicros, double ServerCpuMicros, double OthersPercent)
    {
        /// <summary>Each figure's median over rounds (figures of one round need not come from the same round).</summary>
        public static Sample Median(IReadOnlyList<Sample> rounds) => new(
            Of(rounds.Select(r => r.PerSecond)), Of(rounds.Select(r => r.P50Ms)), Of(rounds.Select(r => r.P99Ms)),
            Of(rounds.Select(r => r.ClientCpuMicros)), Of(rounds.Select(r => r.ServerCpuMicros)), Of(rounds.Select(r => r.OthersPercent)));

        static double Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    /// <summary>
    /// The script and its KEYS and ARGV as the gate sent them under <see cref="Prefix"/>, with
    /// <see cref="RandomRequestId"/> standing for the request id.
    /// </summary>
    sealed record Shape(string Script, string Prefix, string[] KeyTemplate, string[] ValueTemplate)
    {
        public IEnumerable<string> Command => [KeyTemplate.Length.ToString(CultureInfo.InvariantCulture), .. KeyTemplate, .. ValueTemplate];

        /// <summary>The first limit's rolling log (KEYS[2]: account hour), where every granted reservation leaves one entry.</summary>
        public string LogKey => KeyTemplate[1];

        /// <summary>The same call under another key prefix.</summary>
        public Shape For(string prefix) => this with { Prefix = prefix, KeyTemplate = [.. KeyTemplate.Select(k => prefix + k[Prefix.Length..])] };

        /// <summary>KEYS and ARGV of a fresh reservation.</summary>
        public (RedisKey[] Keys, RedisValue[] Values) Fresh()
        {
            var id = Guid.NewGuid().ToString("N");
            return (Fill(KeyTemplate, id, static s => (RedisKey)s), Fill(ValueTemplate, id, static s => (RedisValue)s));
        }

        /// <summary>The whole EVALSHA command of a fresh reservation.</summary>
        public string[] FreshCommand(string sha)
        {
            var id = Guid.NewGuid().ToString("N");
            return ["EVALSHA", sha, .. Fill(Command.ToArray(), id, static s => s)];
        }

        static T[] Fill<T>(string[] template, string id, Func<string, T> convert) =>
            Array.ConvertAll(template, s => convert(s.Replace(RandomRequestId, id, StringComparison.Ordinal)));
    }

    /// <summary>Redis as seen by the checks: key prefixes per measurement, the account's log, Redis's CPU, clean-up.</summary>
    sealed class Store(ConnectionMultiplexer admin, string run)
    {
        readonly IDatabase database = admin.GetDatabase();
        int measurements;

        public IServer Server { get; } = admin.GetServer(admin.GetEndPoints()[0]);

        public string NextPrefix() => $"{run}-{++measurements}";

        /// <summary>Entries in the account-hour log of <paramref name="shape"/>: one per granted reservation.</summary>
        public Task<long> LoggedAsync(Shape shape) => database.SortedSetLengthAsync(shape.LogKey);

        /// <summary>Redis's own CPU time so far (INFO cpu, main process: user + system).</summary>
        public async Task<TimeSpan> ServerCpuAsync()
        {
            var info = (await Server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(e => e.Key, e => e.Value);
            return TimeSpan.FromSeconds(double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture)
                + double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture));
        }

        /// <summary>UNLINKs every key matching <paramref name="pattern"/> (SCAN).</summary>
        public async Task<long> DeleteAsync(string pattern)
        {
            long deleted = 0;
            foreach (var batch in Server.Keys(database.Database, pattern, pageSize: 1000).Chunk(1000))
            {
                deleted += (long)await database.ExecuteAsync("UNLINK", batch.Select(k => (object)k).ToArray());
            }

            return deleted;
        }
    }

    /// <summary>Script commands Redis counted (INFO commandstats): shows whether a client sent EVAL or EVALSHA.</summary>
    sealed class CommandStats
    {
        static readonly string[] Commands = ["evalsha", "eval", "script|load"];
        readonly Dictionary<string, long> totals = Commands.ToDictionary(c => c, _ => 0L);

        public static async Task<Dictionary<string, long>> ReadAsync(IServer server)
        {
            var info = await server.InfoAsync("commandstats");
            var calls = Commands.ToDictionary(c => c, _ => 0L);
            foreach (var entry in info.SelectMany(g => g))
            {
                // cmdstat_evalsha -> calls=123,usec=...,usec_per_call=...
                var name = entry.Key.StartsWith("cmdstat_", StringComparison.Ordinal) ? entry.Key["cmdstat_".Length..] : entry.Key;
                if (calls.ContainsKey(name))
                {
                    var field = entry.Value.Split(',').FirstOrDefault(f => f.StartsWith("calls=", StringComparison.Ordinal));
                    calls[name] = field is null ? 0 : long.Parse(field["calls=".Length..], CultureInfo.InvariantCulture);
                }
            }

            return calls;
        }

        public void Add(Dictionary<string, long> before, Dictionary<string, long> after)
        {
            foreach (var command in Commands)
            {
                totals[command] += after[command] - before[command];
            }
        }

        public override string ToString() => string.Join(", ", Commands.Select(c => $"{c.Replace('|', ' ').ToUpperInvariant()} {totals[c]:N0}"));
    }
}
