// Reserves quota through RedisQuotaGate on a primary, promotes its replica mid-stream (REPLICAOF NO ONE), points
// the workers at it after a detection delay and makes the old primary its replica (as Sentinel does), then prints
// one JSON line: grants seen by the clients, grants the new primary does not hold (lost), reservations it holds
// that no client was granted (counted, never sent: the safe side) and how far the window overshot its cap.
// Usage: QuotaFailover <primary port> <replica port> <wait replicas> <requests> <cap> <promote after grants> <switch delay ms> <workers>
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

var (primaryPort, replicaPort, wait, requests, cap, promoteAfter, switchDelay, workers) =
    (int.Parse(args[0]), int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), int.Parse(args[6]), int.Parse(args[7]));
const string Account = "intranet@pasto.gov.co";

var quotaOptions = new Queue.Sending.Settings.FixedOptionsMonitor<QuotaOptions>(new QuotaOptions
{
    SafetyMargin = 0, WaitForReplicas = wait, ReplicaWaitTimeout = TimeSpan.FromMilliseconds(100),
    Account = [new QuotaLimitOptions { Name = "hour", Window = TimeSpan.FromHours(1), Messages = cap }],
});
var redisOptions = Options.Create(new RedisOptions { KeyPrefix = "failover" });

RedisQuotaGate GateOn(ConnectionMultiplexer connection) =>
    new(connection, quotaOptions, redisOptions, new QuotaThrottle(), new WarmupLedger(connection, redisOptions, quotaOptions, TimeProvider.System), TimeProvider.System);

var primary = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{primaryPort},syncTimeout=2000");
var gate = GateOn(primary);
var firstGate = gate;
ConnectionMultiplexer? promoted = null;
int next = -1, grantedByOld = 0, grantedByOldAfterPromotion = 0, grantedByNew = 0, denied = 0, notAcknowledged = 0, errors = 0, promoting = 0;
var promotedAt = new TaskCompletionSource();

async Task PromoteAsync()
{
    using var cli = Process.Start("redis-cli", $"-p {replicaPort} replicaof no one")!;
    await cli.WaitForExitAsync();
    promotedAt.SetResult();
    await Task.Delay(switchDelay);
    promoted = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{replicaPort},syncTimeout=2000");
    Volatile.Write(ref gate, GateOn(promoted));
    using var demote = Process.Start("redis-cli", $"-p {primaryPort} replicaof 127.0.0.1 {replicaPort}")!;
    await demote.WaitForExitAsync();
}

var promotion = Task.CompletedTask;
var oldGrants = new List<QuotaRequest>();
async Task WorkAsync()
{
    while (Interlocked.Increment(ref next) < requests)
    {
        var current = Volatile.Read(ref gate);
        var onNew = !ReferenceEquals(current, firstGate);
        try
        {
            var request = new QuotaRequest(Guid.NewGuid(), "a1", Account, 1);
            var decision = await current.ReserveAsync(request);
            if (decision.Outcome != QuotaOutcome.Granted)
            {
                Interlocked.Increment(ref denied);
                continue;
            }

            if (onNew)
            {
                Interlocked.Increment(ref grantedByNew);
            }
            else
            {
                Interlocked.Increment(ref grantedByOld);
                lock (oldGrants)
                {
                    oldGrants.Add(request);
                }

                if (promotedAt.Task.IsCompleted)
                {
                    Interlocked.Increment(ref grantedByOldAfterPromotion);
                }
            }

            if (grantedByOld == promoteAfter && Interlocked.Exchange(ref promoting, 1) == 0)
            {
                promotion = PromoteAsync();
            }
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref notAcknowledged);
        }
        catch (RedisException)
        {
            Interlocked.Increment(ref errors);
        }
    }
}

var watch = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)));
await promotion;
watch.Stop();

var known = promoted is null ? 0 : (await GateOn(promoted).UsageAsync(Account))[0].Messages;
var granted = grantedByOld + grantedByNew;
var lost = 0;
foreach (var request in oldGrants)
{
    // The gate's reservation record (RedisQuotaGate.Keys): present on the new primary if the grant reached it.
    var key = $"failover:{{pasto.gov.co}}:quota:reservation:{request.RequestId:N}:{request.Attempt}";
    lost += promoted is not null && await promoted.GetDatabase().KeyExistsAsync(key) ? 0 : 1;
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    wait, requests, cap, promoteAfter, switchDelayMs = switchDelay, workers,
    granted, grantedByOld, grantedByOldAfterPromotion, grantedByNew, denied, notAcknowledged, errors,
    knownToNewPrimary = known,
    lost,
    countedNotGranted = known - (granted - lost),
    overshoot = Math.Max(0, granted - cap),
    seconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
}));
