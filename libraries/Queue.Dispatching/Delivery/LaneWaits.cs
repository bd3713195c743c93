using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Parking;
using Queue.Sending.Policy;
using Queue.Sending.Lanes;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;
using Queue.Sending.Validation;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// How a lane's request waits when it cannot go now: aside until a time (parked), back into its lane (requeued), and
/// the lane (or every lane of a domain) paused or held meanwhile. A request is put back before its lane stops: stopping
/// the lane waits for the consumer, and every send the consumer makes must go.
/// </summary>
public sealed class LaneWaits(
    ILaneParking parking, LaneDirectory lanes, LaneReport report, IOptions<DispatcherOptions> options, TimeProvider clock, ILogger<LaneWaits> logger)
{
    DispatcherOptions Settings => options.Value;

    /// <summary>Parked early (a wait queue returns it before its time): it goes aside again, nothing published.</summary>
    public Task NotDueAsync(LaneDelivery delivery, DateTimeOffset due) =>
        parking.ParkAsync(delivery.Context, due, delivery.Attempt, delivery.Lane.QueueName);

    /// <summary>Waits until <paramref name="until"/> for a rule of its own (a schedule, sending hours, a hold on bulk mail), said first.</summary>
    public async Task ScheduledAsync(LaneDelivery delivery, DateTimeOffset until, string rule, string reason)
    {
        await report.DeferredAsync(delivery, until, rule, reason);
        await parking.ParkAsync(delivery.Context, until, delivery.Attempt, delivery.Lane.QueueName);
    }

    /// <summary>Another attempt is sending the request, or took its claim: this copy looks again later.</summary>
    public Task InFlightAsync(LaneDelivery delivery) =>
        parking.ParkAsync(delivery.Context, clock.GetUtcNow() + Settings.InFlightRetryDelay, delivery.Attempt, delivery.Lane.QueueName);

    /// <summary>
    /// The lane stopped (paused, or the process is stopping) while this request waited in place for its quota: it goes
    /// back into the lane, its claim handed on, instead of faulting into retries.
    /// </summary>
    public Task InterruptedAsync(LaneDelivery delivery) =>
        parking.ParkAsync(delivery.Context, clock.GetUtcNow(), delivery.Attempt, delivery.Lane.QueueName, delivery.ClaimToken);

    /// <summary>
    /// Fail closed: without the quota store nothing is sent. Before SMTP the claim goes along for the next attempt to
    /// take over; after, the claim stays to be waited out, so a resend is reported in doubt.
    /// </summary>
    public async Task StoreUnreachableAsync(LaneDelivery delivery, Exception error)
    {
        logger.LogWarning("Quota store unreachable ({Error}); request kept, trying again in {Delay}", error.Message, Settings.InfrastructureRetryDelay);
        await parking.ParkAsync(delivery.Context, clock.GetUtcNow() + Settings.InfrastructureRetryDelay, delivery.Attempt, delivery.Lane.QueueName, delivery.ClaimToken);

        // Slowing this consumer down keeps the lane from spinning through the wait queues while Redis is away. Not the
        // consume token: the request is parked already, and a lane stopping meanwhile must not fault it.
        await Task.Delay(TimeSpan.FromSeconds(1), clock, CancellationToken.None);
    }

    /// <summary>
    /// The quota does not allow the request soon enough to wait in place. Denied for its size, it waits aside while
    /// smaller requests of the lane go on; otherwise it goes back into the lane and the lane (or, for a domain limit,
    /// every lane of the domain) pauses until the quota allows it.
    /// </summary>
    public async Task QuotaDeniedAsync(LaneDelivery delivery, QuotaRequest reservation, QuotaDecision decision)
    {
        var until = decision.RetryAt!.Value;
        if (decision.ForItsSize)
        {
            // Its room is held from `until` on.
            await parking.ParkAsync(delivery.Context, until, delivery.Attempt, delivery.Lane.QueueName);
            await report.DeferredAsync(delivery, until, decision.Limit!.ToString(),
                $"{reservation.Recipients} recipients do not fit in {decision.Limit} before then; smaller requests go meanwhile, and from then on room is kept for this one");
            return;
        }

        await parking.RequeueAsync(delivery.Context, delivery.Lane.QueueName, delivery.Attempt);
        var reason = $"{decision.Limit} used up";
        if (decision.Limit!.Scope == QuotaScope.Domain)
        {
            lanes.PauseDomain(delivery.Account.Domain, until, reason);
        }
        else
        {
            delivery.Lane.PauseUntil(until, reason);
        }

        await report.DeferredAsync(delivery, until, decision.Limit.ToString(), $"limit {decision.Limit} is used up until then");
    }

    /// <summary>The provider throttles the account: the request goes back and the lane holds, longer per throttling in a row.</summary>
    public async Task ThrottledAsync(LaneDelivery delivery, SendResult result)
    {
        var (account, lane) = (delivery.Account, delivery.Lane);
        var until = clock.GetUtcNow() + Settings.ThrottlePauseAfter(lane.RecordThrottling());
        await parking.RequeueAsync(delivery.Context, lane.QueueName, delivery.Attempt);
        lane.Hold(LaneHoldKind.ProviderThrottle, Lane.ThrottleHold, until, $"provider throttling: {result.Reply}");
        await report.DeferredAsync(delivery, until, RuleNames.SmtpThrottled, $"the provider throttles {account.Address}: {result.Reply}");
    }

    /// <summary>
    /// The server refused the session, not this message: the request goes back with its attempt count unchanged and
    /// the lane waits with a backoff that doubles per refusal in a row; the next try after the wait lifts it for good
    /// when a send succeeds.
    /// </summary>
    public async Task SessionRefusedAsync(LaneDelivery delivery, SendResult result)
    {
        var (account, lane) = (delivery.Account, delivery.Lane);
        var until = clock.GetUtcNow() + Settings.SessionHold.After(lane.RecordSessionRefusal());
        await parking.RequeueAsync(delivery.Context, lane.QueueName, delivery.Attempt);
        lane.Hold(LaneHoldKind.Session, Lane.SessionHold, until, $"the server refused the session of {account.Address}: {result.Reply}", nextTry: until);
        await report.DeferredAsync(delivery, until, RuleNames.SmtpSession, $"the server refused the session of {account.Address}: {result.Reply}");
    }

    /// <summary>Failed for now with attempts left: the next attempt waits its delay, told it is in doubt when the server did not answer.</summary>
    public async Task RetryLaterAsync(LaneDelivery delivery, SendResult result)
    {
        logger.LogWarning("Attempt {Attempt} failed for now: {Reply}", delivery.Attempt + 1, result.Reply);
        var retryAt = clock.GetUtcNow() + Settings.RetryDelay(delivery.Attempt + 1);
        await parking.ParkAsync(delivery.Context, retryAt, delivery.Attempt + 1, delivery.Lane.QueueName, inDoubt: result.Unanswered);
        await report.DeferredAsync(delivery, retryAt, RuleNames.SmtpTransient, result.Reply);
    }

    /// <summary>
    /// Recipients refused for now (4xx at RCPT: greylisting, "452 too many recipients") while others were accepted go
    /// again later in a request derived from this one: its own id (the same for the same attempt, so a redelivery does
    /// not make two), its own events, the next attempt of this one's count and its expiry. Returns that request's id;
    /// null when there is none, or no attempt is left (the recipients are then reported refused).
    /// </summary>
    public async Task<Guid?> RecipientsLaterAsync(LaneDelivery delivery, IReadOnlyList<RefusedRecipient> refusals)
    {
        var forNow = refusals.Where(r => r.ForNow).Select(r => r.Refusal.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (forNow.Count == 0 || delivery.Attempt + 1 >= Settings.MaxAttempts)
        {
            return null;
        }

        var request = delivery.Request;
        List<string> Keep(IReadOnlyList<string>? recipients) => (recipients ?? []).Where(r => forNow.Contains(Mailbox.Parse(r).Address)).ToList();
        var retry = request with
        {
            RequestId = DerivedRequestIds.For(request.RequestId, $"deferred-{delivery.Attempt + 1}"), To = Keep(request.To), Cc = Keep(request.Cc), Bcc = Keep(request.Bcc),
        };
        var retryAt = clock.GetUtcNow() + Settings.RetryDelay(delivery.Attempt + 1);
        await parking.ParkAsync(delivery.Context, retry, retryAt, delivery.Attempt + 1, delivery.Lane.QueueName);
        report.RecipientsDeferred(delivery, forNow.Count, retryAt, retry.RequestId);
        return retry.RequestId;
    }
}
