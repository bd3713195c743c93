using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Policy;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Bounces;

/// <summary>
/// Bounces in Redis: what was sent (so a report finds its account and recipient), hourly counters of recipients
/// sent and reports per account (the 24-hour rates), each recipient's recent soft bounces, and a done-marker per
/// report. A report's suppressions, counters and marker are written in one transaction conditioned on the marker
/// being absent: whichever replica or restart gets there first applies a report, and only once.
/// </summary>
public sealed class BounceLedger(IConnectionMultiplexer redis, IOptions<RedisOptions> options, SuppressionList suppressions, TimeProvider clock) : ISentRecords
{
    const int WindowHours = 24;
    static readonly TimeSpan Marker = TimeSpan.FromDays(90);

    string Prefix => options.Value.KeyPrefix;

    IDatabase Database => redis.GetDatabase();

    /// <summary>After a send: remembered for reports that come back later; counted for the rates.</summary>
    public async Task RecordSentAsync(Guid requestId, string account, IReadOnlyList<string> recipients, TimeSpan retention)
    {
        var batch = Database.CreateBatch();
        var sentKey = SentKey(requestId);
        var stats = Stats(account, clock.GetUtcNow());
        var writes = new[]
        {
            batch.HashSetAsync(sentKey, [new("account", account.ToLowerInvariant()), new("recipients", string.Join('\n', recipients.Select(r => r.ToLowerInvariant())))]),
            batch.KeyExpireAsync(sentKey, retention),
            batch.HashIncrementAsync(stats, "sent", recipients.Count),
            batch.KeyExpireAsync(stats, TimeSpan.FromHours(WindowHours + 2)),
        };
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<SentRecord?> SentAsync(Guid requestId)
    {
        var fields = await Database.HashGetAsync(SentKey(requestId), ["account", "recipients"]);
        return fields[0].HasValue
            ? new SentRecord((string)fields[0]!, ((string?)fields[1] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            : null;
    }

    /// <summary>The account's last 24 hours, read from its hourly counters in one round trip.</summary>
    public async Task<BounceWindow> WindowAsync(string account)
    {
        var now = clock.GetUtcNow();
        var batch = Database.CreateBatch();
        var hours = Enumerable.Range(0, WindowHours).Select(h => batch.HashGetAllAsync(Stats(account, now.AddHours(-h)))).ToList();
        batch.Execute();
        long sent = 0;
        var reports = new Dictionary<BounceClass, long>();
        foreach (var entry in (await Task.WhenAll(hours)).SelectMany(h => h))
        {
            if (entry.Name == "sent")
            {
                sent += (long)entry.Value;
            }
            else if (Enum.TryParse<BounceClass>(entry.Name!, out var @class))
            {
                reports[@class] = reports.GetValueOrDefault(@class) + (long)entry.Value;
            }
        }

        return new BounceWindow(account.ToLowerInvariant(), sent, reports);
    }

    /// <summary>Soft bounces of the address within the window, not counting <paramref name="reportKey"/>.</summary>
    public async Task<long> SoftBouncesAsync(string domain, string address, TimeSpan window, string reportKey)
    {
        var key = SoftKey(domain, address);
        var since = (clock.GetUtcNow() - window).ToUnixTimeMilliseconds();
        var count = await Database.SortedSetLengthAsync(key, since);
        return await Database.SortedSetScoreAsync(key, reportKey) is not null ? count - 1 : count;
    }

    /// <summary>
    /// Applies a report once: its suppressions, its counters (per class, in the account's current hour), the
    /// recipients' soft bounces, and the done-marker, all or nothing.
    /// </summary>
    public async Task<ReportCommit> CommitAsync(
        string domain, string reportKey, string account, IReadOnlyList<(string Address, BounceClass Class)> recipients, IReadOnlyList<Suppression> suppress, TimeSpan softWindow)
    {
        var done = DoneKey(domain, reportKey);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            switch ((string?)await Database.StringGetAsync(done))
            {
                case "announced":
                    return ReportCommit.Announced;
                case not null:
                    return ReportCommit.AppliedBefore;
            }

            var plan = await suppressions.PlanAsync(suppress);
            var now = clock.GetUtcNow();
            var transaction = Database.CreateTransaction();
            transaction.AddCondition(Condition.KeyNotExists(done));
            suppressions.Apply(transaction, plan);
            var stats = Stats(account, now);
            foreach (var group in recipients.GroupBy(r => r.Class))
            {
                _ = transaction.HashIncrementAsync(stats, group.Key.ToString(), group.Count());
            }

            _ = transaction.KeyExpireAsync(stats, TimeSpan.FromHours(WindowHours + 2));
            foreach (var (address, _) in recipients.Where(r => r.Class == BounceClass.Soft))
            {
                var soft = SoftKey(domain, address);
                _ = transaction.SortedSetAddAsync(soft, reportKey, now.ToUnixTimeMilliseconds());
                _ = transaction.SortedSetRemoveRangeByScoreAsync(soft, double.NegativeInfinity, (now - softWindow).ToUnixTimeMilliseconds());
                _ = transaction.KeyExpireAsync(soft, softWindow);
            }

            _ = transaction.StringSetAsync(done, "applied", Marker);
            if (await transaction.ExecuteAsync())
            {
                return ReportCommit.Applied;
            }
        }

        throw new InvalidOperationException($"report {reportKey} kept changing under its commit");
    }

    /// <summary>The report's events were published: a later reading does nothing at all.</summary>
    public Task MarkAnnouncedAsync(string domain, string reportKey) => Database.StringSetAsync(DoneKey(domain, reportKey), "announced", Marker);

    /// <summary>An operator lifted the rate's pause of the account: it is not set again for a day, whatever the rate.</summary>
    public Task AcknowledgeAsync(string account, string source) => Database.StringSetAsync(AckKey(account, source), clock.GetUtcNow().ToString("O"), TimeSpan.FromDays(1));

    public Task<bool> IsAcknowledgedAsync(string account, string source) => Database.KeyExistsAsync(AckKey(account, source));

    RedisKey AckKey(string account, string source) => $"{Prefix}:bounces:acknowledged:{account.ToLowerInvariant()}:{source}";

    /// <summary>Per sending domain, under the suppression list's hash tag: the keys of one report share its slot.</summary>
    RedisKey Stats(string account, DateTimeOffset at) => $"{suppressions.Tag(DomainOf(account))}:bounces:stats:{account.ToLowerInvariant()}:{at.UtcDateTime:yyyyMMddHH}";

    RedisKey DoneKey(string domain, string reportKey) => $"{suppressions.Tag(domain)}:bounces:done:{reportKey}";

    RedisKey SoftKey(string domain, string address) => $"{suppressions.Tag(domain)}:bounces:soft:{address.ToLowerInvariant()}";

    RedisKey SentKey(Guid requestId) => $"{Prefix}:bounces:sent:{requestId:N}";

    public static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();
}
