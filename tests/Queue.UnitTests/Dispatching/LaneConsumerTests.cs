using Queue.Contracts;
using Queue.Sending.Lanes;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;
using StackExchange.Redis;

namespace Queue.UnitTests.Dispatching;

/// <summary>The lane consumer orchestrating its steps, on the in-memory harness with a fake clock and fake stores.</summary>
public sealed class LaneConsumerTests
{
    static readonly SendEmail Request = TestRequests.Valid();

    static SendResult Transient(string reply, bool counted = false, bool unanswered = false) =>
        new(SendStatus.TransientFailure, reply, [], counted) { Unanswered = unanswered };

    [Fact]
    public async Task A_request_is_claimed_reserved_sent_settled_and_reported()
    {
        await using var host = await LaneTestHost.StartAsync();

        await host.DeliverAsync(Request);

        var sent = await host.PublishedAsync<EmailSent>();
        Assert.Equal(["ana.perez@pasto.gov.co"], sent.Recipients);
        Assert.False(sent.InDoubt);
        Assert.Equal(TestRequests.Now, sent.SentAt);
        Assert.Single(host.Transport.Sent);
        var reservation = Assert.Single(host.Quotas.Confirmed);
        Assert.Equal(new QuotaRequest(Request.RequestId, "a1", LaneTestHost.Account, 1), reservation);
        Assert.Equal(RequestState.Sent, host.Ledger.Outcomes[Request.RequestId].State);
        Assert.Equal(Request.RequestId, Assert.Single(host.SentRecords.Recorded).RequestId);
        Assert.Empty(host.Ledger.Abandoned);
    }

    [Fact]
    public async Task A_request_whose_sender_is_no_longer_configured_is_refused_before_its_lane_is_looked_up()
    {
        await using var host = await LaneTestHost.StartAsync();

        await host.DeliverAsync(Request with { From = "despacho@pasto.gov.co" });

        Assert.Contains((await host.PublishedAsync<EmailRejected>()).Violations, v => v.Rule == RuleNames.SenderUnknown);
        await host.ConsumedAsync();
        Assert.Empty(host.Ledger.Begun);
    }

    [Fact]
    public async Task A_finished_request_is_announced_again_and_not_sent()
    {
        var earlier = new EmailSent { RequestId = Request.RequestId, From = LaneTestHost.Account, MessageId = "<earlier@pasto.gov.co>", SmtpReply = "250 earlier" };
        await using var host = await LaneTestHost.StartAsync(h =>
            h.Ledger.BeginsAs = (id, token) => new RequestClaim(id, RequestState.Sent, token, Outcome: RequestOutcome.Of(earlier)));

        await host.DeliverAsync(Request);

        Assert.Equal("<earlier@pasto.gov.co>", (await host.PublishedAsync<EmailSent>()).MessageId);
        Assert.Empty(host.Transport.Sent);
        Assert.Empty(host.Quotas.Reserved);
    }

    [Fact]
    public async Task A_copy_of_a_request_another_attempt_is_sending_looks_again_later()
    {
        await using var host = await LaneTestHost.StartAsync(h => h.Ledger.BeginsAs = (id, token) => new RequestClaim(id, RequestState.InFlight, token));

        await host.DeliverAsync(Request);
        await host.ConsumedAsync();

        var parked = Assert.Single(host.Parking.Parkings);
        Assert.Equal(TestRequests.Now + host.Options.InFlightRetryDelay, parked.Due);
        Assert.Null(parked.ClaimToken);
        Assert.Empty(host.Transport.Sent);
    }

    [Fact]
    public async Task A_short_quota_wait_is_slept_in_place_on_the_clock()
    {
        await using var host = await LaneTestHost.StartAsync(h => h.Quotas.Then(new QuotaDecision(QuotaOutcome.Denied, TestRequests.Now.AddSeconds(1), new QuotaLimitId(QuotaScope.Account, "minute"))));

        await host.DeliverAsync(Request);
        await host.Clock.FirstTimer;
        Assert.Empty(host.Transport.Sent);
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        await host.PublishedAsync<EmailSent>();
        Assert.Equal(2, host.Quotas.Reserved.Count);
        Assert.Empty(host.Parking.Parkings);
    }

    [Fact]
    public async Task A_used_up_quota_puts_the_request_back_and_pauses_the_lane_until_it_allows()
    {
        var until = TestRequests.Now.AddMinutes(20);
        await using var host = await LaneTestHost.StartAsync(h => h.Quotas.Then(new QuotaDecision(QuotaOutcome.Denied, until, new QuotaLimitId(QuotaScope.Account, "hour"))));

        await host.DeliverAsync(Request);

        var deferred = await host.PublishedAsync<EmailDeferred>();
        Assert.Equal(("quota.account.hour", until), (deferred.Rule, deferred.Until));
        Assert.Single(host.Parking.Requeues);
        Assert.Single(host.Ledger.Abandoned);
        Assert.Equal(until, host.Lane.PausedUntil);
        Assert.Empty(host.Transport.Sent);
    }

    [Fact]
    public async Task A_claim_lost_while_waiting_for_quota_refunds_and_does_not_send()
    {
        await using var host = await LaneTestHost.StartAsync(h => h.Ledger.Renews = false);

        await host.DeliverAsync(Request);
        await host.ConsumedAsync();

        Assert.Single(host.Quotas.Refunded);
        Assert.Empty(host.Transport.Sent);
        Assert.Equal(TestRequests.Now + host.Options.InFlightRetryDelay, Assert.Single(host.Parking.Parkings).Due);
    }

    [Fact]
    public async Task Without_the_store_the_request_is_kept_with_its_claim_handed_on_and_the_lane_slows_down()
    {
        await using var host = await LaneTestHost.StartAsync(h =>
            h.Ledger.FailNextBegin = new RedisTimeoutException(CommandFlags.None, "the store did not answer", CommandStatus.WaitingToBeSent));

        await host.DeliverAsync(Request);
        var parked = await host.Parking.FirstParked.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TestRequests.Now + host.Options.InfrastructureRetryDelay, parked.Due);
        Assert.Equal(Assert.Single(host.Ledger.Begun).Token, parked.ClaimToken);
        await host.Clock.FirstTimer;
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.ConsumedAsync();
        Assert.Empty(host.Transport.Sent);
    }

    [Fact]
    public async Task A_failure_for_now_goes_again_after_its_delay_with_the_next_attempt()
    {
        await using var host = await LaneTestHost.StartAsync(h => h.Transport.Answer = _ => Transient("451 4.3.0 try again", unanswered: true));

        await host.DeliverAsync(Request);

        var deferred = await host.PublishedAsync<EmailDeferred>();
        Assert.Equal(RuleNames.SmtpTransient, deferred.Rule);
        var parked = Assert.Single(host.Parking.Parkings);
        Assert.Equal((1, TestRequests.Now.AddMinutes(1), true), (parked.Attempt, parked.Due, parked.InDoubt));
        Assert.Single(host.Quotas.Refunded);
        Assert.Single(host.Ledger.Abandoned);
        Assert.False(host.Ledger.Outcomes.ContainsKey(Request.RequestId));
    }

    [Fact]
    public async Task The_last_attempt_failing_for_now_fails_the_request_and_records_it()
    {
        await using var host = await LaneTestHost.StartAsync(h => h.Transport.Answer = _ => Transient("451 4.3.0 try again", counted: true));

        await host.DeliverAsync(Request, attempt: 2, inDoubt: true);

        var failed = await host.PublishedAsync<EmailFailed>();
        Assert.Equal((false, 3, true, "451 4.3.0 try again"), (failed.Permanent, failed.Attempts, failed.InDoubt, failed.SmtpReply));
        Assert.Equal(RequestState.Failed, host.Ledger.Outcomes[Request.RequestId].State);
        Assert.Single(host.Quotas.Confirmed);
        Assert.Empty(host.Parking.Parkings);
    }

    [Fact]
    public async Task A_transport_that_cannot_send_the_request_fails_it_for_good_with_its_reason()
    {
        await using var host = await LaneTestHost.StartAsync(h => h.Transport.Answer = _ => throw new InvalidOperationException("no SMTP path for that address"));

        await host.DeliverAsync(Request);

        var failed = await host.PublishedAsync<EmailFailed>();
        Assert.True(failed.Permanent);
        Assert.Null(failed.SmtpReply);
        Assert.Equal("Queue could not send it: no SMTP path for that address", failed.Reason);
        Assert.Single(host.Quotas.Confirmed);
    }

    [Fact]
    public async Task Provider_throttling_holds_the_warm_up_and_the_lane_and_puts_the_request_back()
    {
        await using var host = await LaneTestHost.StartAsync(h =>
            h.Transport.Answer = _ => Transient("421 4.7.0 too many messages", counted: true) with { Throttled = true });

        await host.DeliverAsync(Request);

        var deferred = await host.PublishedAsync<EmailDeferred>();
        Assert.Equal(RuleNames.SmtpThrottled, deferred.Rule);
        Assert.Equal([LaneTestHost.Account], host.Warmups.Held);
        Assert.Equal(0, Assert.Single(host.Parking.Requeues).Attempt);
        Assert.Equal(LaneHoldKind.ProviderThrottle, Assert.Single(host.Lane.Holds).Kind);
        Assert.Equal(TestRequests.Now + host.Options.ThrottlePause, deferred.Until);
    }

    [Fact]
    public async Task A_refused_session_holds_the_lane_without_spending_an_attempt()
    {
        await using var host = await LaneTestHost.StartAsync(h =>
            h.Transport.Answer = _ => Transient("535 5.7.8 authentication failed") with { Kind = SendFailureKind.Session });

        await host.DeliverAsync(Request, attempt: 1);

        var deferred = await host.PublishedAsync<EmailDeferred>();
        Assert.Equal(RuleNames.SmtpSession, deferred.Rule);
        Assert.Equal(1, Assert.Single(host.Parking.Requeues).Attempt);
        Assert.Equal(LaneHoldKind.Session, Assert.Single(host.Lane.Holds).Kind);
        Assert.Single(host.Quotas.Refunded);
        Assert.Single(host.Ledger.Abandoned);
    }

    [Fact]
    public async Task Recipients_refused_for_now_go_again_in_a_derived_request_while_the_others_are_sent()
    {
        var request = Request with { To = ["ana.perez@pasto.gov.co", "luis.gomez@pasto.gov.co"] };
        await using var host = await LaneTestHost.StartAsync(h => h.Transport.Answer = _ => new SendResult(
            SendStatus.Sent, "250 OK", [new RefusedRecipient(new RecipientRefusal { Address = "luis.gomez@pasto.gov.co", SmtpReply = "450 4.2.0 greylisted" }, 450)], MayHaveBeenCounted: true));

        await host.DeliverAsync(request);

        var sent = await host.PublishedAsync<EmailSent>();
        Assert.Equal(["ana.perez@pasto.gov.co"], sent.Recipients);
        Assert.Equal("luis.gomez@pasto.gov.co", Assert.Single(sent.DeferredRecipients).Address);
        Assert.Empty(sent.RefusedRecipients);
        var parked = Assert.Single(host.Parking.Parkings);
        Assert.Equal(sent.DeferredRequestId, parked.Message.RequestId);
        Assert.Equal(["luis.gomez@pasto.gov.co"], parked.Message.To);
        Assert.Equal(1, parked.Attempt);
    }

    [Fact]
    public async Task A_resumed_claim_is_sent_again_and_said_to_be_in_doubt()
    {
        await using var host = await LaneTestHost.StartAsync(h => h.Ledger.BeginsAs = (id, token) => new RequestClaim(id, RequestState.Resumed, token, "a2"));

        await host.DeliverAsync(Request);

        Assert.True((await host.PublishedAsync<EmailSent>()).InDoubt);
        Assert.Equal("a2", Assert.Single(host.Quotas.Confirmed).Attempt);
    }
}
