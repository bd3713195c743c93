using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Consumers;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Ledger;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// The report step: what a lane's request came to, published as events, logged and counted. Events go through the
/// bus, not the consume context, so a lane that pauses meanwhile loses none of them.
/// </summary>
public sealed class LaneReport(IBus bus, Rejections rejections, DispatcherMetrics metrics, TimeProvider clock, ILogger<LaneReport> logger)
{
    public Task DeferredAsync(LaneDelivery delivery, DateTimeOffset until, string rule, string reason)
    {
        metrics.Deferred(delivery.Account.Address, rule);
        return bus.Publish(new EmailDeferred
        {
            RequestId = delivery.Request.RequestId, From = delivery.Account.Address, Until = until, Rule = rule, Reason = reason, DeferredAt = clock.GetUtcNow(),
        });
    }

    /// <returns>The event published, for the ledger to keep.</returns>
    public Task<EmailRejected> RejectedAsync(LaneDelivery delivery, IReadOnlyList<RuleViolation> violations) =>
        RejectedAsync(delivery.Request, violations);

    /// <inheritdoc cref="RejectedAsync(LaneDelivery, IReadOnlyList{RuleViolation})"/>
    public Task<EmailRejected> RejectedAsync(SendEmail request, IReadOnlyList<RuleViolation> violations) =>
        rejections.PublishAsync(bus, request, violations);

    /// <summary>Published after the outcome is recorded, so a redelivery announces it again.</summary>
    public async Task SentAsync(LaneDelivery delivery, EmailSent sent)
    {
        await bus.Publish(sent);
        logger.LogInformation("Sent as {MessageId}, recipients accepted: {Count}: {Reply}", sent.MessageId, sent.Recipients.Count, sent.SmtpReply);
        metrics.Sent(delivery.Account.Address, delivery.Request.Category);
    }

    /// <param name="reply">What the transport said, also when the event keeps no SMTP reply (Queue could not send it).</param>
    public async Task FailedAsync(LaneDelivery delivery, EmailFailed failed, string reply)
    {
        logger.LogWarning("Failed ({Kind}) after {Attempts} attempts: {Reply}", failed.Permanent ? "permanent" : "retries exhausted", failed.Attempts, reply);
        metrics.Failed(delivery.Account.Address, failed.Permanent);
        await bus.Publish(failed);
    }

    /// <summary>A request finished before: its outcome is announced again, since the first announcement may be lost.</summary>
    public async Task AgainAsync(RequestClaim claim)
    {
        if (claim.Outcome is not { } outcome)
        {
            logger.LogInformation("Duplicate of a request already completed; not sent again");
            return;
        }

        logger.LogInformation("Duplicate of a request already {State}; not sent again, its outcome announced again", outcome.State);
        await bus.Publish(outcome.Event, outcome.Event.GetType());
    }

    /// <summary>A send that may deliver a second copy: ops see each one in the log (the fault tests read it) and the metric.</summary>
    public void InDoubt(LaneDelivery delivery, string why)
    {
        logger.LogWarning("Request {RequestId} in doubt: {Why}", delivery.Request.RequestId, why);
        metrics.InDoubt(delivery.Account.Address);
    }

    public void RecipientsDeferred(LaneDelivery delivery, int count, DateTimeOffset retryAt, Guid derived)
    {
        metrics.Deferred(delivery.Account.Address, RuleNames.SmtpTransient);
        logger.LogInformation("{Count} recipients refused for now go again at {RetryAt} as request {Derived}", count, retryAt, derived);
    }
}
