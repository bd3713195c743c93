using Microsoft.Extensions.Options;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.IntegrationTests;

/// <summary>
/// Every SMTP attempt reserves quota anew, named by the ledger claim it was made under; only a claim handed on
/// before SMTP keeps the earlier name. Against the real Redis, the three paths that used to reuse an attempt number
/// after a real SMTP attempt each find a full window still full.
/// </summary>
public sealed class QuotaPerAttemptTests : IDisposable
{
    const string Account = "intranet@pasto.gov.co";
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);

    readonly ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(TestServers.Redis);
    readonly RequestLedger ledger;
    readonly RedisQuotaGate gate;
    readonly Guid id = Guid.NewGuid();

    public QuotaPerAttemptTests()
    {
        var prefix = Options.Create(new RedisOptions { KeyPrefix = $"attempt-test-{Guid.NewGuid():N}" });
        ledger = new RequestLedger(redis, prefix);
        var quotas = new Queue.Sending.Settings.FixedOptionsMonitor<QuotaOptions>(new QuotaOptions
        {
            SafetyMargin = 0, Account = [new QuotaLimitOptions { Name = "hour", Window = TimeSpan.FromHours(1), Messages = 1 }],
        });
        gate = new RedisQuotaGate(redis, quotas, prefix, new QuotaThrottle(), new WarmupLedger(redis, prefix, quotas, TimeProvider.System), TimeProvider.System);
    }

    QuotaRequest Reservation(RequestClaim claim) => new(id, claim.QuotaAttempt, Account, 1);

    async Task<long> CountedAsync() => (await gate.UsageAsync(Account)).Single().Messages;

    [Fact]
    public async Task A_throttling_reply_after_the_content_then_a_retry_finds_the_window_full()
    {
        var first = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Reservation(first))).Outcome);

        // 452 after DATA: the provider may have counted it; the claim is given up and the request requeued.
        await gate.ConfirmAsync(Reservation(first));
        await ledger.AbandonAsync(first);
        var retry = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Reservation(retry))).Outcome);
        Assert.Equal(1, await CountedAsync());
    }

    [Fact]
    public async Task An_in_doubt_resend_after_a_crash_finds_the_window_full()
    {
        // The dispatcher died after SMTP began: its claim's lease runs out with no outcome.
        var crashed = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, TimeSpan.Zero, Retention);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Reservation(crashed))).Outcome);
        var resend = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.Equal(RequestState.Resumed, resend.State);
        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Reservation(resend))).Outcome);
        Assert.Equal(1, await CountedAsync());
    }

    [Fact]
    public async Task A_redelivery_after_an_exception_past_smtp_finds_the_window_full()
    {
        // An exception after SMTP: the claim is neither handed on nor given up; the redelivery waits it out.
        var threw = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, TimeSpan.FromMilliseconds(200), Retention);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Reservation(threw))).Outcome);
        Assert.Equal(RequestState.InFlight, (await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention)).State);
        await Task.Delay(300);
        var redelivered = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.Equal(RequestState.Resumed, redelivered.State);
        Assert.Equal(QuotaOutcome.Denied, (await gate.ReserveAsync(Reservation(redelivered))).Outcome);
        Assert.Equal(1, await CountedAsync());
    }

    [Fact]
    public async Task A_retry_that_never_reached_smtp_never_counts_twice()
    {
        // Redis failed under the attempt after its reservation was made: the claim travels with the request.
        var first = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Reservation(first))).Outcome);
        var next = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), first.Token, Lease, Retention);

        Assert.Equal(RequestState.Began, next.State);
        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(Reservation(next))).Outcome);
        Assert.Equal(1, await CountedAsync());
    }

    public void Dispose() => redis.Dispose();
}
