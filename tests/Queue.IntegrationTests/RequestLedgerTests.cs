using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Ledger;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.IntegrationTests;

/// <summary>The idempotency ledger against the real Redis: one sender at a time, outcomes kept, crashes noticed.</summary>
public sealed class RequestLedgerTests : IDisposable
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);

    readonly ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(TestServers.Redis);
    readonly RequestLedger ledger;

    public RequestLedgerTests() =>
        ledger = new RequestLedger(redis, Options.Create(new RedisOptions { KeyPrefix = $"ledger-test-{Guid.NewGuid():N}" }));

    [Fact]
    public async Task Only_one_attempt_holds_a_request_until_it_completes()
    {
        var id = Guid.NewGuid();

        var first = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        var second = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        await ledger.CompleteAsync(RequestOutcome.Of(new EmailSent { RequestId = id, MessageId = "<m@pasto.gov.co>" }), id, Retention);
        var third = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.Equal(RequestState.Began, first.State);
        Assert.Equal(RequestState.InFlight, second.State);
        Assert.False(second.Granted);
        Assert.Equal(RequestState.Sent, third.State);
    }

    [Fact]
    public async Task An_attempt_whose_lease_ran_out_without_an_outcome_makes_the_next_one_in_doubt()
    {
        var id = Guid.NewGuid();

        // A zero lease stands for a dispatcher that died mid-send: its claim stays behind, expired.
        var crashed = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, TimeSpan.Zero, Retention);
        var next = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        var meanwhile = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.Equal(RequestState.Began, crashed.State);
        Assert.Equal(RequestState.Resumed, next.State);
        Assert.True(next.Granted);
        Assert.Equal(RequestState.InFlight, meanwhile.State);
    }

    [Fact]
    public async Task Renewing_just_before_smtp_restarts_the_lease_and_fails_once_another_attempt_took_the_claim()
    {
        var id = Guid.NewGuid();

        // A zero lease stands for one that ran out while the attempt waited for quota; renewing covers it again.
        var waited = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, TimeSpan.Zero, Retention);
        Assert.True(await ledger.RenewAsync(waited, Lease, Retention));
        var meanwhile = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        Assert.Equal(RequestState.InFlight, meanwhile.State);

        // Ran out again and another attempt took it: the first may no longer send.
        var other = Guid.NewGuid();
        var slow = await ledger.TryBeginAsync(other, RequestLedger.NewToken(), null, TimeSpan.Zero, Retention);
        var taken = await ledger.TryBeginAsync(other, RequestLedger.NewToken(), null, Lease, Retention);
        Assert.Equal(RequestState.Resumed, taken.State);
        Assert.False(await ledger.RenewAsync(slow, Lease, Retention));
        Assert.True(await ledger.RenewAsync(taken, Lease, Retention));

        // The renewed claim holds off others.
        var again = await ledger.TryBeginAsync(other, RequestLedger.NewToken(), null, Lease, Retention);
        Assert.Equal(RequestState.InFlight, again.State);
    }

    [Fact]
    public async Task An_abandoned_claim_frees_the_request_without_doubt()
    {
        var id = Guid.NewGuid();

        var claim = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        await ledger.AbandonAsync(claim);
        var next = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.Equal(RequestState.Began, next.State);
    }

    [Fact]
    public async Task Only_the_owner_of_a_claim_can_abandon_it()
    {
        var id = Guid.NewGuid();

        var stale = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, TimeSpan.Zero, Retention);
        var current = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        await ledger.AbandonAsync(stale);
        var third = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.Equal(RequestState.Resumed, current.State);
        Assert.Equal(RequestState.InFlight, third.State);
    }

    [Fact]
    public async Task A_claim_handed_on_with_the_request_is_taken_over_at_once_without_doubt_and_only_once()
    {
        var id = Guid.NewGuid();

        // The attempt stopped before SMTP (Redis failed under it) and parked the request with its token.
        var parked = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        var stranger = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), "someoneelse", Lease, Retention);
        var next = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), parked.Token, Lease, Retention);
        var copy = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), parked.Token, Lease, Retention);

        Assert.Equal(RequestState.InFlight, stranger.State);
        Assert.Equal(RequestState.Began, next.State);
        Assert.Equal(RequestState.InFlight, copy.State);
        await ledger.AbandonAsync(parked);
        Assert.Equal(RequestState.InFlight, (await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention)).State);
        await ledger.AbandonAsync(next);
        Assert.Equal(RequestState.Began, (await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention)).State);
    }

    [Fact]
    public async Task The_outcome_is_kept_with_its_event_so_a_later_delivery_can_announce_it_again()
    {
        var id = Guid.NewGuid();
        var claim = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        var failed = new EmailFailed { RequestId = id, From = "intranet@pasto.gov.co", Permanent = true, Reason = "refused", Attempts = 1, InDoubt = true };
        await ledger.CompleteAsync(RequestOutcome.Of(failed), id, Retention);

        var again = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), claim.Token, Lease, Retention);
        var peeked = await ledger.PeekAsync(id);

        Assert.Equal(RequestState.Failed, again.State);
        Assert.True(again.Finished);
        Assert.Equal(failed with { RefusedRecipients = again.Outcome!.Failed!.RefusedRecipients }, again.Outcome.Failed);
        Assert.Same(again.Outcome.Failed, again.Outcome.Event);
        Assert.Equal(RequestState.Failed, peeked!.Outcome!.State);
        Assert.True(peeked.Outcome.Failed!.InDoubt);
        Assert.Null(await ledger.PeekAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Each_claim_names_a_new_smtp_attempt_except_one_taken_over_before_smtp()
    {
        var id = Guid.NewGuid();

        var first = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        var handedOn = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), first.Token, Lease, Retention);
        var handedOnAgain = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), handedOn.Token, TimeSpan.Zero, Retention);
        var afterCrash = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);
        await ledger.AbandonAsync(afterCrash);
        var afterAbandon = await ledger.TryBeginAsync(id, RequestLedger.NewToken(), null, Lease, Retention);

        Assert.NotEmpty(first.QuotaAttempt);
        Assert.Equal(first.QuotaAttempt, handedOn.QuotaAttempt);
        Assert.Equal(first.QuotaAttempt, handedOnAgain.QuotaAttempt);
        Assert.Equal(RequestState.Resumed, afterCrash.State);
        Assert.NotEqual(first.QuotaAttempt, afterCrash.QuotaAttempt);
        Assert.NotEqual(afterCrash.QuotaAttempt, afterAbandon.QuotaAttempt);
    }

    [Fact]
    public async Task A_cancellation_settles_a_waiting_request_but_not_one_being_sent_or_finished()
    {
        var rejected = (Guid id) => RequestOutcome.Of(new EmailRejected { RequestId = id, Reason = RuleNames.OperatorCancelled });
        var waiting = Guid.NewGuid();
        var sending = Guid.NewGuid();
        var crashed = Guid.NewGuid();
        await ledger.TryBeginAsync(sending, RequestLedger.NewToken(), null, Lease, Retention);
        await ledger.TryBeginAsync(crashed, RequestLedger.NewToken(), null, TimeSpan.Zero, Retention);

        Assert.Equal(SettleResult.Settled, await ledger.TrySettleAsync(waiting, rejected(waiting), Retention));
        Assert.Equal(SettleResult.Finished, await ledger.TrySettleAsync(waiting, rejected(waiting), Retention));
        Assert.Equal(SettleResult.Sending, await ledger.TrySettleAsync(sending, rejected(sending), Retention));
        Assert.Equal(SettleResult.Settled, await ledger.TrySettleAsync(crashed, rejected(crashed), Retention));

        var next = await ledger.TryBeginAsync(waiting, RequestLedger.NewToken(), null, Lease, Retention);
        Assert.Equal(RequestState.Rejected, next.State);
        Assert.False(next.Granted);
    }

    public void Dispose() => redis.Dispose();
}
