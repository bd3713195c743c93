using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Parking;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Accounts;
using Queue.Sending.Bounces;
using Queue.Sending.Composition;
using Queue.Sending.Hours;
using Queue.Sending.Lanes;
using Queue.Sending.Ledger;
using Queue.Sending.Policy;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;
using Queue.Sending.Validation;
using StackExchange.Redis;

namespace Queue.Dispatching.Consumers;

/// <summary>
/// Sends the requests of one sender account's lane: quota, then SMTP. A request is acknowledged only when it
/// was sent, definitively refused (with an event saying why), or put back durably; when the quota is used up
/// the request goes back into the lane and the lane pauses until the exact instant the quota allows it. A request
/// denied only for its size waits aside while the lane goes on. Events and sends go through the bus, not the
/// consume context, so a lane that pauses meanwhile loses none of them; the outcome is kept in the ledger first, so
/// a redelivery announces it again.
/// </summary>
public sealed class LaneConsumer(
    SendEmailValidator validator,
    SenderDirectory senders,
    MailComposer composer,
    IQuotaGate quotas,
    WarmupLedger warmups,
    SendingHours hours,
    RequestLedger ledger,
    IMailTransport transport,
    LaneDirectory lanes,
    ParkingLot parking,
    Rejections rejections,
    IBus bus,
    DispatcherMetrics metrics,
    BounceLedger bounces,
    IOptions<Bounces.BounceOptions> bounceOptions,
    IOptions<DispatcherOptions> options,
    TimeProvider clock,
    ILogger<LaneConsumer> logger) : IConsumer<SendEmail>
{
    DispatcherOptions Settings => options.Value;

    // A consumer instance handles one message: the token of the ledger claim this attempt makes, known before the
    // claim is asked for, so that a Redis failure even in the middle of that call can hand the claim on.
    string? claimToken;

    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var request = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = request.RequestId });
        var attempt = ParkingLot.Attempt(context);

        // Validated at intake; checked again because settings may have changed while it waited.
        var violations = validator.Validate(request);
        if (violations.Count > 0)
        {
            await rejections.PublishAsync(bus, request, violations);
            return;
        }

        senders.TryGet(Mailbox.Parse(request.From).Address, out var account);
        var lane = lanes.For(account.Address);
        if (ParkingLot.Due(context) is { } due && due > clock.GetUtcNow())
        {
            await parking.ParkAsync(context, due, attempt, lane.QueueName);
            return;
        }

        if (lane.BulkHeldBy is { } listing && (request.Priority == EmailPriority.Bulk || request.Category == EmailCategory.Mass))
        {
            if (await FinishedAsync(request.RequestId))
            {
                return;
            }

            var recheck = clock.GetUtcNow() + Settings.BulkHoldRecheck;
            await PublishDeferredAsync(context, account, recheck, RuleNames.ReputationHold, $"bulk and mass mail wait while {listing}");
            await parking.ParkAsync(context, recheck, attempt, lane.QueueName);
            return;
        }

        if (request.NotBefore is { } notBefore && notBefore > clock.GetUtcNow())
        {
            if (await FinishedAsync(request.RequestId))
            {
                return;
            }

            await PublishDeferredAsync(context, account, notBefore, RuleNames.NotBefore, "scheduled by the caller (notBefore)");
            await parking.ParkAsync(context, notBefore, attempt, lane.QueueName);
            return;
        }

        // Its own step, after the caller's schedule: outside its sending hours a request waits for the exact
        // opening of the next window; the lane goes on with what may go now (Urgent, other categories).
        if (hours.NextOpening(request.Category, request.Priority, clock.GetUtcNow()) is { } opens)
        {
            await PublishDeferredAsync(context, account, opens, RuleNames.SendingHours, "outside its sending hours (SendingHours:Windows)");
            await parking.ParkAsync(context, opens, attempt, lane.QueueName);
            return;
        }

        try
        {
            await DeliverAsync(context, account, lane, attempt);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested && claimToken is not null)
        {
            // The lane stopped (paused, or the process is stopping) while this request waited in place for its
            // quota: it goes back into the lane, its claim handed on, instead of faulting into retries.
            await parking.ParkAsync(context, clock.GetUtcNow(), attempt, lane.QueueName, claimToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Fail closed: without the quota store nothing is sent. Slowing this consumer down keeps the
            // lane from spinning through the wait queues while Redis is away.
            // Before SMTP the claim goes along for the next attempt to take over; after, claimToken is null and the
            // claim stays to be waited out, so a resend is reported in doubt.
            logger.LogWarning("Quota store unreachable ({Error}); request kept, trying again in {Delay}", e.Message, Settings.InfrastructureRetryDelay);
            await parking.ParkAsync(context, clock.GetUtcNow() + Settings.InfrastructureRetryDelay, attempt, lane.QueueName, claimToken);

            // Not the consume token: the request is parked already, and a lane stopping meanwhile must not fault it.
            await Task.Delay(TimeSpan.FromSeconds(1), clock, CancellationToken.None);
        }
    }

    async Task DeliverAsync(ConsumeContext<SendEmail> context, SenderAccount account, Lane lane, int attempt)
    {
        var request = context.Message;
        var mail = composer.Compose(request, account);

        // The lease outlives the longest send of this message this process could still be in, so no other copy starts meanwhile.
        var lease = SendLease.For(mail, account.Route);
        claimToken = RequestLedger.NewToken();
        var claim = await ledger.TryBeginAsync(request.RequestId, claimToken, ParkingLot.Claim(context), lease, Settings.DeduplicationWindow);
        var inDoubt = ParkingLot.InDoubt(context) || claim.State == RequestState.Resumed;
        switch (claim.State)
        {
            case RequestState.Sent or RequestState.Failed or RequestState.Rejected:
                claimToken = null;
                await AnnounceAgainAsync(claim);
                return;
            case RequestState.InFlight:
                claimToken = null;
                await parking.ParkAsync(context, clock.GetUtcNow() + Settings.InFlightRetryDelay, attempt, lane.QueueName);
                return;
            case RequestState.Resumed:
                // At-least-once: the earlier attempt may have reached the server before its process died. Losing
                // official mail is worse than a copy under the same Message-ID, which receivers can discard.
                ReportInDoubt(request.RequestId, account, "an earlier attempt ended without an outcome (its dispatcher stopped while sending); sending again");
                break;
        }

        // One name per SMTP attempt: kept only when this claim took over one that never reached the server.
        var reservation = new QuotaRequest(request.RequestId, claim.QuotaAttempt, account.Address, mail.Recipients.Count());
        if (!await ReserveAsync(context, account, lane, reservation, claim, attempt))
        {
            return;
        }

        // The quota wait may have eaten into the lease: it starts again now, covering the whole send.
        if (!await ledger.RenewAsync(claim, lease, Settings.DeduplicationWindow))
        {
            claimToken = null;
            await SettleQuotaAsync(reservation, new SendResult(SendStatus.TransientFailure, "not sent: the claim was lost", [], MayHaveBeenCounted: false));
            logger.LogWarning("The claim on the request ran out while it waited for quota and is another attempt's now; not sent by this one");
            await parking.ParkAsync(context, clock.GetUtcNow() + Settings.InFlightRetryDelay, attempt, lane.QueueName);
            return;
        }

        // From here the server may get the message: a Redis failure must not hand the claim on as untouched.
        claimToken = null;
        var (result, cannotSend) = await SubmitAsync(mail, account, attempt);

        if (result.Throttled)
        {
            await SettleQuotaAsync(reservation, result);
            await ledger.AbandonAsync(claim);
            await HoldWarmupAsync(account);
            var pause = Settings.ThrottlePauseAfter(lane.RecordThrottling());
            var until = clock.GetUtcNow() + pause;
            await parking.RequeueAsync(context, lane.QueueName, attempt);
            lane.Hold(LaneHoldKind.ProviderThrottle, Lane.ThrottleHold, until, $"provider throttling: {result.Reply}");
            await PublishDeferredAsync(context, account, until, RuleNames.SmtpThrottled, $"the provider throttles {account.Address}: {result.Reply}");
            return;
        }

        if (result.Kind == SendFailureKind.Session && !cannotSend)
        {
            await HoldForSessionAsync(context, account, lane, reservation, claim, result, attempt);
            return;
        }

        switch (result.Status)
        {
            case SendStatus.Sent:
                lane.ClearThrottling();
                lane.ClearSessionRefusals();
                var refused = result.Refused.Select(r => r.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var accepted = mail.Recipients.Select(m => m.Address).Where(a => !refused.Contains(a)).ToList();

                // Published before the outcome is recorded: a crash in between re-derives the same id, which the ledger
                // then sends once; recorded first, a crash would lose the deferred recipients.
                var deferred = await DeferRecipientsAsync(context, account, lane, result.Refusals, attempt);
                var sent = new EmailSent
                {
                    RequestId = request.RequestId, From = account.Address, MessageId = mail.MessageId, Recipients = accepted,
                    RefusedRecipients = deferred is null ? result.Refused : result.Refusals.Where(r => !r.ForNow).Select(r => r.Refusal).ToList(),
                    DeferredRecipients = deferred is null ? [] : result.Refusals.Where(r => r.ForNow).Select(r => r.Refusal).ToList(),
                    DeferredRequestId = deferred, SmtpReply = result.Reply, SentAt = clock.GetUtcNow(), InDoubt = inDoubt,
                };

                // The ledger write goes first after the server took it (the shorter this gap, the smaller the window for
                // a resend); the quota settlement follows on the same connection without waiting, so both share a round trip.
                var recorded = CompleteSafelyAsync(RequestOutcome.Of(sent));
                var settled = SettleQuotaAsync(reservation, result);
                await recorded;
                await settled;
                await bus.Publish(sent);
                logger.LogInformation("Sent as {MessageId}, recipients accepted: {Count}: {Reply}", mail.MessageId, accepted.Count, result.Reply);
                metrics.Sent(account.Address, request.Category);
                await RecordSentAsync(request.RequestId, account.Address, accepted);
                break;
            case SendStatus.TransientFailure when attempt + 1 < Settings.MaxAttempts && !cannotSend:
                await SettleQuotaAsync(reservation, result);
                if (result.Unanswered)
                {
                    ReportInDoubt(request.RequestId, account, "the server got the whole message and did not answer; it goes again later");
                }

                await ledger.AbandonAsync(claim);
                logger.LogWarning("Attempt {Attempt} failed for now: {Reply}", attempt + 1, result.Reply);
                var retryAt = clock.GetUtcNow() + Settings.RetryDelay(attempt + 1);
                await parking.ParkAsync(context, retryAt, attempt + 1, lane.QueueName, inDoubt: result.Unanswered);
                await PublishDeferredAsync(context, account, retryAt, RuleNames.SmtpTransient, result.Reply);
                break;
            default:
                await SettleQuotaAsync(reservation, result);
                var permanent = result.Status == SendStatus.PermanentFailure || cannotSend;
                var failed = new EmailFailed
                {
                    RequestId = request.RequestId, From = account.Address, Permanent = permanent, SmtpReply = cannotSend ? null : result.Reply,
                    Reason = cannotSend ? result.Reply
                        : permanent ? "the SMTP server refused the message" : "the SMTP server could not take the message in any attempt",
                    Attempts = attempt + 1, RefusedRecipients = result.Refused, FailedAt = clock.GetUtcNow(),
                    InDoubt = inDoubt || result.Unanswered,
                };
                await ledger.CompleteAsync(RequestOutcome.Of(failed), request.RequestId, Settings.DeduplicationWindow);
                logger.LogWarning("Failed ({Kind}) after {Attempts} attempts: {Reply}", permanent ? "permanent" : "retries exhausted", attempt + 1, result.Reply);
                metrics.Failed(account.Address, permanent);
                await bus.Publish(failed);
                break;
        }
    }

    /// <summary>
    /// The server refused the session (connection, TLS, greeting, login, MAIL FROM for the account), not this message:
    /// every request of the account would fail the same way, so none fails. The request goes back into its lane with
    /// its attempt count unchanged, its claim abandoned (nothing recorded that blocks a re-publish), its quota refunded
    /// when the server surely did not count it, and the lane waits with a backoff that doubles per refusal in a row;
    /// the next try after the wait lifts it for good when a send succeeds.
    /// </summary>
    async Task HoldForSessionAsync(
        ConsumeContext<SendEmail> context, SenderAccount account, Lane lane, QuotaRequest reservation, RequestClaim claim, SendResult result, int attempt)
    {
        await SettleQuotaAsync(reservation, result);
        await ledger.AbandonAsync(claim);
        var until = clock.GetUtcNow() + Settings.SessionHold.After(lane.RecordSessionRefusal());

        // Put back before the hold: stopping the lane waits for this consumer.
        await parking.RequeueAsync(context, lane.QueueName, attempt);
        lane.Hold(LaneHoldKind.Session, Lane.SessionHold, until, $"the server refused the session of {account.Address}: {result.Reply}", nextTry: until);
        await PublishDeferredAsync(context, account, until, RuleNames.SmtpSession, $"the server refused the session of {account.Address}: {result.Reply}");
    }

    /// <summary>
    /// Recipients refused for now (4xx at RCPT: greylisting, "452 too many recipients") while others were accepted go
    /// again later in a request derived from this one: its own id (the same for the same attempt, so a redelivery does
    /// not make two), its own events, the next attempt of this one's count and its expiry. Returns that request's id;
    /// null when there is none, or no attempt is left (the recipients are then reported refused).
    /// </summary>
    async Task<Guid?> DeferRecipientsAsync(ConsumeContext<SendEmail> context, SenderAccount account, Lane lane, IReadOnlyList<RefusedRecipient> refusals, int attempt)
    {
        var forNow = refusals.Where(r => r.ForNow).Select(r => r.Refusal.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (forNow.Count == 0 || attempt + 1 >= Settings.MaxAttempts)
        {
            return null;
        }

        var request = context.Message;
        List<string> Keep(IReadOnlyList<string>? recipients) => (recipients ?? []).Where(r => forNow.Contains(Mailbox.Parse(r).Address)).ToList();
        var retry = request with
        {
            RequestId = DerivedRequestIds.For(request.RequestId, $"deferred-{attempt + 1}"), To = Keep(request.To), Cc = Keep(request.Cc), Bcc = Keep(request.Bcc),
        };
        var retryAt = clock.GetUtcNow() + Settings.RetryDelay(attempt + 1);
        await parking.ParkAsync(context, retry, retryAt, attempt + 1, lane.QueueName);
        metrics.Deferred(account.Address, RuleNames.SmtpTransient);
        logger.LogInformation("{Count} recipients refused for now go again at {RetryAt} as request {Derived}", forNow.Count, retryAt, retry.RequestId);
        return retry.RequestId;
    }

    /// <summary>A request finished before: its outcome is announced again, since the first announcement may be lost.</summary>
    async Task AnnounceAgainAsync(RequestClaim claim)
    {
        if (claim.Outcome is not { } outcome)
        {
            logger.LogInformation("Duplicate of a request already completed; not sent again");
            return;
        }

        logger.LogInformation("Duplicate of a request already {State}; not sent again, its outcome announced again", outcome.State);
        await bus.Publish(outcome.Event, outcome.Event.GetType());
    }

    /// <summary>Whether the request is finished already (cancelled while it waited, say); if so, announced again.</summary>
    async Task<bool> FinishedAsync(Guid requestId)
    {
        RequestClaim? claim;
        try
        {
            claim = await ledger.PeekAsync(requestId);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // It only waits on; the ledger is asked again before anything is sent.
            return false;
        }

        if (claim?.Finished != true)
        {
            return false;
        }

        await AnnounceAgainAsync(claim);
        return true;
    }

    /// <summary>
    /// Reserves quota, sleeping through a short wait. On a longer one the request goes back into its lane and
    /// the lane (or, for a domain limit, every lane of the domain) pauses until the quota allows it.
    /// </summary>
    async Task<bool> ReserveAsync(ConsumeContext<SendEmail> context, SenderAccount account, Lane lane, QuotaRequest reservation, RequestClaim claim, int attempt)
    {
        while (true)
        {
            var decision = await quotas.ReserveAsync(reservation);
            switch (decision.Outcome)
            {
                case QuotaOutcome.Granted:
                    return true;
                case QuotaOutcome.TooLarge:
                    var rejected = await rejections.PublishAsync(bus, context.Message, [new RuleViolation
                    {
                        Rule = RuleNames.QuotaTooLarge, Field = "to",
                        Message = $"{reservation.Recipients} recipients is more than the limit {decision.Limit} allows in any window; split the request",
                    }]);
                    await ledger.CompleteAsync(RequestOutcome.Of(rejected), reservation.RequestId, Settings.DeduplicationWindow);
                    return false;
            }

            if (decision.Mismatch is { } mismatch)
            {
                logger.LogError("Quota {Limit}: its running total said {Total} recipients, its log {Logged}; denied once and the total repaired from the log",
                    mismatch.Limit.ToString(), mismatch.Total, mismatch.Logged);
            }

            var until = decision.RetryAt!.Value;
            var wait = until - clock.GetUtcNow();
            if (wait <= Settings.MaxInPlaceWait)
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, context.CancellationToken);
                continue;
            }

            await ledger.AbandonAsync(claim);
            if (decision.ForItsSize)
            {
                // Smaller requests of the lane fit now and go on; this one waits aside, its room held from `until` on.
                await parking.ParkAsync(context, until, attempt, lane.QueueName);
                await PublishDeferredAsync(context, account, until, decision.Limit!.ToString(),
                    $"{reservation.Recipients} recipients do not fit in {decision.Limit} before then; smaller requests go meanwhile, and from then on room is kept for this one");
                return false;
            }

            // Put back before the pause: stopping the lane waits for this consumer, and every send it makes must go.
            await parking.RequeueAsync(context, lane.QueueName, attempt);
            var reason = $"{decision.Limit} used up";
            if (decision.Limit!.Scope == QuotaScope.Domain)
            {
                lanes.PauseDomain(account.Domain, until, reason);
            }
            else
            {
                lane.PauseUntil(until, reason);
            }

            await PublishDeferredAsync(context, account, until, decision.Limit.ToString(), $"limit {decision.Limit} is used up until then");
            return false;
        }
    }

    /// <summary>
    /// Refunds what the provider surely did not count, and re-stamps what it may have counted with the time of
    /// its answer. Neither may turn a finished send into a resend, so a Redis error here is only logged.
    /// </summary>
    async Task SettleQuotaAsync(QuotaRequest reservation, SendResult result)
    {
        try
        {
            await (result.MayHaveBeenCounted ? quotas.ConfirmAsync(reservation) : quotas.RefundAsync(reservation));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Could not settle the quota reservation ({Error}); it keeps the time it was reserved at", e.Message);
        }
    }

    /// <summary>A throttled day does not advance a ramp; losing that mark must not turn into a resend, so it is only logged.</summary>
    async Task HoldWarmupAsync(SenderAccount account)
    {
        try
        {
            await warmups.HoldTodayAsync(account.Address);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Could not hold the warm-up of {Account} for today ({Error}); the ramp may advance tomorrow", account.Address, e.Message);
        }
    }

    /// <summary>A send that may deliver a second copy: ops see each one in the log (the fault tests read it) and the metric.</summary>
    void ReportInDoubt(Guid requestId, SenderAccount account, string why)
    {
        logger.LogWarning("Request {RequestId} in doubt: {Why}", requestId, why);
        metrics.InDoubt(account.Address);
    }

    /// <summary>Remembered for the reports that come back about it, and counted for the bounce rates; best effort.</summary>
    async Task RecordSentAsync(Guid requestId, string account, IReadOnlyList<string> recipients)
    {
        try
        {
            await bounces.RecordSentAsync(requestId, account, recipients, bounceOptions.Value.SentRetention);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Sent, but not remembered for bounce reports ({Error}); a report about it is tied by its returned headers only", e.Message);
        }
    }

    /// <summary>After the server took the message, a Redis hiccup must not make us send it again.</summary>
    async Task CompleteSafelyAsync(RequestOutcome outcome)
    {
        try
        {
            await ledger.CompleteAsync(outcome, outcome.Sent!.RequestId, Settings.DeduplicationWindow);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Sent, but the ledger could not record it ({Error}); a duplicate delivery after the lease could resend it", e.Message);
        }
    }

    /// <summary>
    /// One SMTP submission, timed and traced as a child of the consume span. Not cancelled when the lane pauses: a
    /// send cut off midway is one in doubt; the route's own timeout bounds it. A transport that throws cannot send
    /// this request for a reason of its own (an address it cannot write as an SMTP path, say): trying again would
    /// loop, so the request fails with that reason (<c>CannotSend</c>), counted as possibly seen by the server.
    /// </summary>
    async Task<(SendResult Result, bool CannotSend)> SubmitAsync(OutgoingMail mail, SenderAccount account, int attempt)
    {
        using var activity = DispatcherMetrics.Activities.StartActivity("smtp submit", System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("queue.request_id", mail.RequestId.ToString());
        activity?.SetTag("queue.account", account.Address);
        activity?.SetTag("queue.attempt", attempt + 1);
        activity?.SetTag("server.address", account.Route.Host);
        activity?.SetTag("server.port", account.Route.Port);
        var started = clock.GetTimestamp();
        SendResult result;
        var cannotSend = false;
        try
        {
            result = await transport.SendAsync(mail, account.Route, CancellationToken.None);
        }
        catch (Exception e) when (e is not (RedisException or OutOfMemoryException))
        {
            logger.LogError(e, "The transport could not send the request");
            result = new SendResult(SendStatus.PermanentFailure, $"Queue could not send it: {e.Message}", [], MayHaveBeenCounted: true);
            cannotSend = true;
        }

        var replyClass = cannotSend ? "transport" : ReplyClass(result);
        metrics.Submitted(account.Address, replyClass, clock.GetElapsedTime(started));
        activity?.SetTag("smtp.reply", result.Reply);
        activity?.SetTag("smtp.reply_class", replyClass);
        if (result.Status != SendStatus.Sent)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Reply);
        }

        return (result, cannotSend);
    }

    static string ReplyClass(SendResult result) => result switch
    {
        { Status: SendStatus.Sent } => "2xx",
        { Kind: SendFailureKind.Timeout } => "timeout",
        { Unreachable: true } => "connection",
        { Status: SendStatus.PermanentFailure } => "5xx",
        _ => "4xx",
    };

    Task PublishDeferredAsync(ConsumeContext<SendEmail> context, SenderAccount account, DateTimeOffset until, string rule, string reason)
    {
        metrics.Deferred(account.Address, rule);
        return bus.Publish(new EmailDeferred
        {
            RequestId = context.Message.RequestId, From = account.Address, Until = until, Rule = rule, Reason = reason, DeferredAt = clock.GetUtcNow(),
        });
    }
}
