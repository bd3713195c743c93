using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatcher.Lanes;
using Queue.Dispatcher.Parking;
using Queue.Dispatcher.Telemetry;
using Queue.Sending.Accounts;
using Queue.Sending.Bounces;
using Queue.Sending.Composition;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;
using Queue.Sending.Validation;
using StackExchange.Redis;

namespace Queue.Dispatcher.Consumers;

/// <summary>
/// Sends the requests of one sender account's lane: quota, then SMTP. A request is acknowledged only when it
/// was sent, definitively refused (with an event saying why), or put back durably; when the quota is used up
/// the request goes back into the lane and the lane pauses until the exact instant the quota allows it.
/// </summary>
public sealed class LaneConsumer(
    SendEmailValidator validator,
    SenderDirectory senders,
    MailComposer composer,
    IQuotaGate quotas,
    RequestLedger ledger,
    IMailTransport transport,
    LaneDirectory lanes,
    ParkingLot parking,
    Rejections rejections,
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
            await rejections.PublishAsync(context, violations);
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
            var recheck = clock.GetUtcNow() + Settings.BulkHoldRecheck;
            await PublishDeferredAsync(context, account, recheck, RuleNames.ReputationHold, $"bulk and mass mail wait while {listing}");
            await parking.ParkAsync(context, recheck, attempt, lane.QueueName);
            return;
        }

        if (request.NotBefore is { } notBefore && notBefore > clock.GetUtcNow())
        {
            await PublishDeferredAsync(context, account, notBefore, RuleNames.NotBefore, "scheduled by the caller (notBefore)");
            await parking.ParkAsync(context, notBefore, attempt, lane.QueueName);
            return;
        }

        try
        {
            await DeliverAsync(context, account, lane, attempt);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Fail closed: without the quota store nothing is sent. Slowing this consumer down keeps the
            // lane from spinning through the wait queues while Redis is away.
            // Before SMTP the claim goes along for the next attempt to take over; after, claimToken is null and the
            // claim stays to be waited out, so a resend is reported in doubt.
            logger.LogWarning("Quota store unreachable ({Error}); request kept, trying again in {Delay}", e.Message, Settings.InfrastructureRetryDelay);
            await parking.ParkAsync(context, clock.GetUtcNow() + Settings.InfrastructureRetryDelay, attempt, lane.QueueName, claimToken);
            await Task.Delay(TimeSpan.FromSeconds(1), clock, context.CancellationToken);
        }
    }

    async Task DeliverAsync(ConsumeContext<SendEmail> context, SenderAccount account, Lane lane, int attempt)
    {
        var request = context.Message;
        // The lease outlives the longest send this process could still be in, so no other copy starts meanwhile.
        claimToken = RequestLedger.NewToken();
        var claim = await ledger.TryBeginAsync(
            request.RequestId, claimToken, ParkingLot.Claim(context), account.Route.Timeout + TimeSpan.FromSeconds(15), Settings.DeduplicationWindow);
        switch (claim.State)
        {
            case RequestState.Sent or RequestState.Failed:
                logger.LogInformation("Duplicate of a request already completed; not sent again");
                return;
            case RequestState.InFlight:
                await parking.ParkAsync(context, clock.GetUtcNow() + Settings.InFlightRetryDelay, attempt, lane.QueueName);
                return;
            case RequestState.Resumed:
                // At-least-once: the earlier attempt may have reached the server before its process died. Losing
                // official mail is worse than a copy under the same Message-ID, which receivers can discard.
                ReportInDoubt(request.RequestId, account, "an earlier attempt ended without an outcome (its dispatcher stopped while sending); sending again");
                break;
        }

        var mail = composer.Compose(request, account);
        var reservation = new QuotaRequest(request.RequestId, attempt, account.Address, mail.Recipients.Count());
        if (!await ReserveAsync(context, account, lane, reservation, claim))
        {
            return;
        }

        // From here the server may get the message: a Redis failure must not hand the claim on as untouched.
        claimToken = null;
        var result = await SubmitAsync(mail, account, attempt, context.CancellationToken);

        // The ledger write goes first after the server took it (the shorter this gap, the smaller the window for a
        // resend); the quota settlement follows on the same connection without waiting, so both share a round trip.
        var recorded = result.Status == SendStatus.Sent ? CompleteSafelyAsync(request.RequestId) : Task.CompletedTask;
        var settled = SettleQuotaAsync(reservation, result);
        await recorded;
        await settled;

        if (result.Throttled)
        {
            await ledger.AbandonAsync(claim);
            var pause = Settings.ThrottlePauseAfter(lane.RecordThrottling());
            var until = clock.GetUtcNow() + pause;
            lane.Hold(Lane.ThrottleHold, until, $"provider throttling: {result.Reply}");
            await PublishDeferredAsync(context, account, until, RuleNames.SmtpThrottled, $"the provider throttles {account.Address}: {result.Reply}");
            await parking.RequeueAsync(context, lane.QueueName, attempt);
            return;
        }

        switch (result.Status)
        {
            case SendStatus.Sent:
                lane.ClearThrottling();
                var refused = result.Refused.Select(r => r.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var accepted = mail.Recipients.Select(m => m.Address).Where(a => !refused.Contains(a)).ToList();
                await context.Publish(new EmailSent
                {
                    RequestId = request.RequestId, From = account.Address, MessageId = mail.MessageId, Recipients = accepted,
                    RefusedRecipients = result.Refused, SmtpReply = result.Reply, SentAt = clock.GetUtcNow(),
                });
                logger.LogInformation("Sent as {MessageId}, recipients accepted: {Count}: {Reply}", mail.MessageId, accepted.Count, result.Reply);
                metrics.Sent(account.Address, request.Category);
                await RecordSentAsync(request.RequestId, account.Address, accepted);
                break;
            case SendStatus.TransientFailure when attempt + 1 < Settings.MaxAttempts:
                if (result.Unanswered)
                {
                    ReportInDoubt(request.RequestId, account, "the server got the whole message and did not answer; it goes again later");
                }

                await ledger.AbandonAsync(claim);
                logger.LogWarning("Attempt {Attempt} failed for now: {Reply}", attempt + 1, result.Reply);
                var retryAt = clock.GetUtcNow() + Settings.RetryDelay(attempt + 1);
                await PublishDeferredAsync(context, account, retryAt, RuleNames.SmtpTransient, result.Reply);
                await parking.ParkAsync(context, retryAt, attempt + 1, lane.QueueName);
                break;
            default:
                await ledger.CompleteAsync(request.RequestId, RequestState.Failed, Settings.DeduplicationWindow);
                var permanent = result.Status == SendStatus.PermanentFailure;
                logger.LogWarning("Failed ({Kind}) after {Attempts} attempts: {Reply}", permanent ? "permanent" : "retries exhausted", attempt + 1, result.Reply);
                metrics.Failed(account.Address, permanent);
                await context.Publish(new EmailFailed
                {
                    RequestId = request.RequestId, From = account.Address, Permanent = permanent, SmtpReply = result.Reply,
                    Reason = permanent ? "the SMTP server refused the message" : "the SMTP server could not take the message in any attempt",
                    Attempts = attempt + 1, RefusedRecipients = result.Refused, FailedAt = clock.GetUtcNow(),
                });
                break;
        }
    }

    /// <summary>
    /// Reserves quota, sleeping through a short wait. On a longer one the request goes back into its lane and
    /// the lane (or, for a domain limit, every lane of the domain) pauses until the quota allows it.
    /// </summary>
    async Task<bool> ReserveAsync(ConsumeContext<SendEmail> context, SenderAccount account, Lane lane, QuotaRequest reservation, RequestClaim claim)
    {
        while (true)
        {
            var decision = await quotas.ReserveAsync(reservation);
            switch (decision.Outcome)
            {
                case QuotaOutcome.Granted:
                    return true;
                case QuotaOutcome.TooLarge:
                    await ledger.CompleteAsync(reservation.RequestId, RequestState.Failed, Settings.DeduplicationWindow);
                    await rejections.PublishAsync(context, [new RuleViolation
                    {
                        Rule = RuleNames.QuotaTooLarge, Field = "to",
                        Message = $"{reservation.Recipients} recipients is more than the limit {decision.Limit} allows in any window; split the request",
                    }]);
                    return false;
            }

            var until = decision.RetryAt!.Value;
            var wait = until - clock.GetUtcNow();
            if (wait <= Settings.MaxInPlaceWait)
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, context.CancellationToken);
                continue;
            }

            // Paused first: the stop waits for this consumer to finish, and observers see the pause with the event.
            var reason = $"{decision.Limit} used up";
            if (decision.Limit!.StartsWith("quota.domain.", StringComparison.Ordinal))
            {
                lanes.PauseDomain(account.Domain, until, reason);
            }
            else
            {
                lane.PauseUntil(until, reason);
            }

            await ledger.AbandonAsync(claim);
            await PublishDeferredAsync(context, account, until, decision.Limit, $"limit {decision.Limit} is used up until then");
            await parking.RequeueAsync(context, lane.QueueName, reservation.Attempt);
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
    async Task CompleteSafelyAsync(Guid requestId)
    {
        try
        {
            await ledger.CompleteAsync(requestId, RequestState.Sent, Settings.DeduplicationWindow);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Sent, but the ledger could not record it ({Error}); a duplicate delivery after the lease could resend it", e.Message);
        }
    }

    /// <summary>One SMTP submission, timed and traced as a child of the consume span.</summary>
    async Task<SendResult> SubmitAsync(OutgoingMail mail, SenderAccount account, int attempt, CancellationToken cancellationToken)
    {
        using var activity = DispatcherMetrics.Activities.StartActivity("smtp submit", System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("queue.request_id", mail.RequestId.ToString());
        activity?.SetTag("queue.account", account.Address);
        activity?.SetTag("queue.attempt", attempt + 1);
        activity?.SetTag("server.address", account.Route.Host);
        activity?.SetTag("server.port", account.Route.Port);
        var started = clock.GetTimestamp();
        var result = await transport.SendAsync(mail, account.Route, cancellationToken);
        var replyClass = ReplyClass(result);
        metrics.Submitted(account.Address, replyClass, clock.GetElapsedTime(started));
        activity?.SetTag("smtp.reply", result.Reply);
        activity?.SetTag("smtp.reply_class", replyClass);
        if (result.Status != SendStatus.Sent)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Reply);
        }

        return result;
    }

    static string ReplyClass(SendResult result) => result.Reply switch
    {
        _ when result.Status == SendStatus.Sent => "2xx",
        var r when r.StartsWith("no complete answer", StringComparison.Ordinal) => "timeout",
        var r when r.StartsWith("connection failed", StringComparison.Ordinal) => "connection",
        _ when result.Status == SendStatus.PermanentFailure => "5xx",
        _ => "4xx",
    };

    Task PublishDeferredAsync(ConsumeContext<SendEmail> context, SenderAccount account, DateTimeOffset until, string rule, string reason)
    {
        metrics.Deferred(account.Address, rule);
        return context.Publish(new EmailDeferred
        {
            RequestId = context.Message.RequestId, From = account.Address, Until = until, Rule = rule, Reason = reason, DeferredAt = clock.GetUtcNow(),
        });
    }
}
