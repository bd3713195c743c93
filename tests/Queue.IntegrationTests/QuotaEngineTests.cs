using Microsoft.Extensions.Options;
using Queue.Sending.Settings;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.IntegrationTests;

/// <summary>The quota script against the real Redis: each limit binding, all or nothing, idempotency, refunds.</summary>
public sealed class QuotaEngineTests : IDisposable
{
    readonly ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(TestServers.Redis);
    readonly string prefix = $"quota-test-{Guid.NewGuid():N}";

    RedisQuotaGate Gate(params QuotaLimitOptions[] account) => Gate(account, []);

    RedisQuotaGate Gate(QuotaLimitOptions[] account, QuotaLimitOptions[] domain) =>
        Gate(new QuotaOptions { SafetyMargin = 0, Account = [.. account], Domain = [.. domain] });

    RedisQuotaGate Gate(QuotaOptions options, TimeProvider? clock = null)
    {
        var monitor = new FixedOptionsMonitor<QuotaOptions>(options);
        var redisOptions = Options.Create(new RedisOptions { KeyPrefix = prefix });
        return new(redis, monitor, redisOptions, new QuotaThrottle(), new WarmupLedger(redis, redisOptions, monitor, clock ?? TimeProvider.System), clock ?? TimeProvider.System);
    }

    static QuotaLimitOptions Limit(string name, double seconds, int? messages = null, int? recipients = null, QuotaWindowMode mode = QuotaWindowMode.Rolling) =>
        new() { Name = name, Window = TimeSpan.FromSeconds(seconds), Messages = messages, Recipients = recipients, Mode = mode };

    static QuotaRequest Request(string account = "intranet@pasto.gov.co", int recipients = 1, string attempt = "a0") =>
        new(Guid.NewGuid(), attempt, account, recipients);

    [Fact]
    public async Task The_message_cap_binds_and_names_the_exact_instant_it_frees()
    {
        var gate = Gate(Limit("burst", 10, messages: 3));
        var before = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request())).Outcome);
        }

        var afterFirst = DateTimeOffset.UtcNow;
        var denied = await gate.ReserveAsync(Request());

        Assert.Equal(QuotaOutcome.Denied, denied.Outcome);
        Assert.Equal(new QuotaLimitId(QuotaScope.Account, "burst"), denied.Limit);
        Assert.InRange(denied.RetryAt!.Value, before.AddSeconds(10).AddMilliseconds(-5), afterFirst.AddSeconds(10).AddMilliseconds(5));
    }

    [Fact]
    public async Task A_denied_request_is_granted_at_its_retry_time_in_a_rolling_window()
    {
        var gate = Gate(Limit("burst", 1, messages: 1));
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request())).Outcome);
        var denied = await gate.ReserveAsync(Request());

        await Task.Delay(denied.RetryAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20));

        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request())).Outcome);
    }

    [Fact]
    public async Task The_recipient_cap_binds_on_the_sum_of_recipients()
    {
        var gate = Gate(Limit("day", 60, recipients: 10));
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request(recipients: 4))).Outcome);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request(recipients: 4))).Outcome);

        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Request(recipients: 3))).Outcome);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request(recipients: 2))).Outcome);
        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Request(recipients: 1))).Outcome);
    }

    [Fact]
    public async Task The_recipient_cap_frees_when_enough_recipients_have_aged_out()
    {
        var gate = Gate(Limit("burst", 10, recipients: 10));
        var first = DateTimeOffset.UtcNow;
        await gate.ReserveAsync(Request(recipients: 3));
        await Task.Delay(300);
        var second = DateTimeOffset.UtcNow;
        await gate.ReserveAsync(Request(recipients: 6));

        // 9 of 10 used: 4 more needs 3 freed, which the first reservation's expiry gives.
        var denied = await gate.ReserveAsync(Request(recipients: 4));
        Assert.InRange(denied.RetryAt!.Value, first.AddSeconds(10).AddMilliseconds(-5), second.AddSeconds(10));

        // 10 more needs all 9 freed: only when the second one ages out too.
        var later = await gate.ReserveAsync(Request(recipients: 10));
        Assert.InRange(later.RetryAt!.Value, second.AddSeconds(10).AddMilliseconds(-5), DateTimeOffset.UtcNow.AddSeconds(10));
    }

    [Fact]
    public async Task All_or_nothing_a_denial_by_the_domain_consumes_nothing_of_the_account()
    {
        var gate = Gate([Limit("hour", 60, messages: 5)], [Limit("hour", 60, messages: 1)]);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request("intranet@pasto.gov.co"))).Outcome);

        var denied = await gate.ReserveAsync(Request("secretarias@pasto.gov.co"));

        Assert.Equal(QuotaOutcome.Denied, denied.Outcome);
        Assert.Equal(new QuotaLimitId(QuotaScope.Domain, "hour"), denied.Limit);
        var accountLog = gate.Limits("secretarias@pasto.gov.co")[0].Key;
        Assert.Equal(0, await redis.GetDatabase().SortedSetLengthAsync(accountLog));
    }

    [Fact]
    public async Task A_retried_reservation_of_the_same_attempt_never_consumes_twice()
    {
        var gate = Gate(Limit("hour", 60, messages: 2));
        var request = Request();

        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(request)).Outcome);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(request)).Outcome);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(request with { Attempt = "a1" })).Outcome);
        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(request with { Attempt = "a2" })).Outcome);
    }

    [Fact]
    public async Task A_refund_gives_back_messages_and_recipients()
    {
        var gate = Gate(Limit("hour", 60, messages: 1, recipients: 5));
        var request = Request(recipients: 5);
        await gate.ReserveAsync(request);
        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Request())).Outcome);

        await gate.RefundAsync(request);
        await gate.RefundAsync(request);

        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request(recipients: 5))).Outcome);
        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Request())).Outcome);
    }

    [Fact]
    public async Task A_confirmed_send_counts_from_the_providers_answer_not_from_the_reservation()
    {
        var gate = Gate(Limit("burst", 2, messages: 1));
        var request = Request();
        await gate.ReserveAsync(request);
        await Task.Delay(500);
        var confirmedAfter = DateTimeOffset.UtcNow;
        await gate.ConfirmAsync(request);

        var denied = await gate.ReserveAsync(Request());

        Assert.InRange(denied.RetryAt!.Value, confirmedAfter.AddSeconds(2).AddMilliseconds(-5), DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Fact]
    public async Task More_recipients_than_a_limit_ever_allows_is_too_large()
    {
        var gate = Gate([Limit("day", 60, recipients: 100)], [Limit("day", 60, recipients: 50)]);

        var decision = await gate.ReserveAsync(Request(recipients: 51));

        Assert.Equal(QuotaOutcome.TooLarge, decision.Outcome);
        Assert.Equal(new QuotaLimitId(QuotaScope.Domain, "day"), decision.Limit);
    }

    [Fact]
    public async Task A_calendar_window_resets_at_its_boundary_not_a_window_after_the_first_send()
    {
        var gate = Gate(Limit("tick", 2, messages: 1, mode: QuotaWindowMode.Calendar));
        // Start at the beginning of a period (Redis shares this machine's clock), or on a loaded machine the second
        // reservation can fall into the next period and be granted.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Task.Delay(TimeSpan.FromMilliseconds(2000 - now % 2000 + 20));
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request())).Outcome);

        var denied = await gate.ReserveAsync(Request());

        // Bogotá is UTC-5 all year, so its midnights, and every two seconds after, fall on whole Unix seconds.
        Assert.Equal(QuotaOutcome.Denied, denied.Outcome);
        Assert.Equal(0, denied.RetryAt!.Value.ToUnixTimeMilliseconds() % 2000);
        await Task.Delay(denied.RetryAt.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20));
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request())).Outcome);
    }

    [Fact]
    public async Task Usage_reports_what_each_limit_counts_and_when_room_frees()
    {
        var gate = Gate([Limit("burst", 30, messages: 2, recipients: 10), Limit("day", 86400, messages: 100, mode: QuotaWindowMode.Calendar)], [Limit("hour", 3600, recipients: 50)]);
        var before = DateTimeOffset.UtcNow;
        await gate.ReserveAsync(Request(recipients: 3));
        await gate.ReserveAsync(Request(recipients: 4));
        await gate.ReserveAsync(Request("secretarias@pasto.gov.co", recipients: 5));

        var usage = await gate.UsageAsync("intranet@pasto.gov.co");

        Assert.Equal(["quota.account.burst", "quota.account.day", "quota.domain.hour"], usage.Select(u => u.Limit.ToString()));
        Assert.Equal((2L, 7L, 0L, 3L), (usage[0].Messages, usage[0].Recipients, usage[0].RemainingMessages!.Value, usage[0].RemainingRecipients!.Value));
        Assert.Equal(1.0, usage[0].Utilisation);
        Assert.InRange(usage[0].NextAllowedAt(DateTimeOffset.UtcNow)!.Value, before.AddSeconds(30).AddMilliseconds(-5), DateTimeOffset.UtcNow.AddSeconds(30));
        Assert.Equal(2, usage[1].Messages);
        Assert.Equal(5, usage[1].FreesAt!.Value.UtcDateTime.Hour);
        Assert.Equal((3L, 12L), (usage[2].Messages, usage[2].Recipients));
    }

    [Fact]
    public async Task Re_stamping_at_the_servers_answer_extends_the_keys_expiry()
    {
        var gate = Gate(Limit("burst", 2, messages: 5, recipients: 5));
        var request = Request();
        await gate.ReserveAsync(request);
        var limit = gate.Limits(request.Account)[0];
        var db = redis.GetDatabase();

        // Stands for a final reply that came long after the reservation: the keys would outlive it by less than a window.
        await db.KeyExpireAsync(limit.Key, TimeSpan.FromMilliseconds(500));
        await db.KeyExpireAsync(limit.RecipientSumKey, TimeSpan.FromMilliseconds(500));
        await gate.ConfirmAsync(request);

        Assert.InRange((await db.KeyTimeToLiveAsync(limit.Key))!.Value, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(62));
        Assert.InRange((await db.KeyTimeToLiveAsync(limit.RecipientSumKey))!.Value, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(62));
    }

    [Fact]
    public async Task A_running_total_that_disagrees_with_the_log_denies_once_and_is_repaired()
    {
        var gate = Gate(Limit("hour", 60, recipients: 10));
        await gate.ReserveAsync(Request(recipients: 8));
        var limit = gate.Limits("intranet@pasto.gov.co")[0];

        // The total lost (as when its key expired before the log's): checked alone it would let 9 more through.
        await redis.GetDatabase().KeyDeleteAsync(limit.RecipientSumKey);
        var denied = await gate.ReserveAsync(Request(recipients: 9));
        var after = await gate.ReserveAsync(Request(recipients: 9));

        Assert.Equal(QuotaOutcome.Denied, denied.Outcome);
        Assert.Equal(new QuotaMismatch(new QuotaLimitId(QuotaScope.Account, "hour"), 0, 8), denied.Mismatch);
        Assert.Equal(QuotaOutcome.Denied, after.Outcome);
        Assert.Null(after.Mismatch);
        Assert.Equal(8, (long)await redis.GetDatabase().StringGetAsync(limit.RecipientSumKey));
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request(recipients: 2))).Outcome);
    }

    [Fact]
    public async Task A_request_too_big_for_the_room_left_waits_while_smaller_ones_go_and_then_has_its_room_kept()
    {
        var gate = Gate(Limit("burst", 2, recipients: 10));
        await gate.ReserveAsync(Request(recipients: 6));
        await Task.Delay(1000);
        var big = Request(recipients: 8);

        var waits = await gate.ReserveAsync(big);
        var small = await gate.ReserveAsync(Request(recipients: 1));

        Assert.Equal(QuotaOutcome.Denied, waits.Outcome);
        Assert.True(waits.ForItsSize);
        Assert.Equal(QuotaOutcome.Granted, small.Outcome);

        // Its time has come (the first reservation aged out, the small one a second later still counts): 1 + 8 fit, 1 + 8 + 2 would not.
        await Task.Delay(waits.RetryAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Request(recipients: 2))).Outcome);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(big)).Outcome);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Request(recipients: 1))).Outcome);
    }

    [Fact]
    public async Task A_full_window_denies_even_one_recipient_so_the_lane_pauses()
    {
        var gate = Gate(Limit("burst", 60, messages: 1));
        await gate.ReserveAsync(Request());

        var denied = await gate.ReserveAsync(Request(recipients: 3));

        Assert.Equal(QuotaOutcome.Denied, denied.Outcome);
        Assert.False(denied.ForItsSize);
    }

    [Fact]
    public async Task Keys_of_one_domain_share_a_hash_tag()
    {
        var gate = Gate([Limit("hour", 3600, messages: 10)], [Limit("day", 86400, messages: 10)]);
        var keys = gate.Limits("intranet@pasto.gov.co").SelectMany(l => new[] { (string)l.Key!, (string)l.RecipientSumKey! });
        Assert.All(keys, k => Assert.Contains("{pasto.gov.co}", k));
        await Task.CompletedTask;
    }

    public void Dispose()
    {
        RedisCleanup.DeletePrefix(redis, prefix);
        redis.Dispose();
    }
}
