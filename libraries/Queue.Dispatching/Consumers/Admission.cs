using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Parking;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Policy;
using Queue.Sending.Validation;

namespace Queue.Dispatching.Consumers;

/// <summary>
/// Applies the institutional policy to a valid request, before any quota is spent: it is rejected, held for
/// approval, or accepted and put into the lanes of its sender account, whole or split into parts.
/// </summary>
public sealed class Admission(
    InstitutionalPolicy policy,
    SuppressionList suppressions,
    ApprovalStore approvals,
    LaneDirectory lanes,
    ParkingLot parking,
    Rejections rejections,
    DispatcherMetrics metrics,
    IOptionsMonitor<PolicyOptions> options,
    TimeProvider clock,
    ILogger<Admission> logger)
{
    /// <summary>Parts of a split request sent to the lane at once, each awaiting its broker confirmation.</summary>
    internal const int PartsInFlight = 64;

    /// <param name="approved">A person approved the request: the rules that ask for approval are met.</param>
    public async Task AdmitAsync(ConsumeContext context, SendEmail request, bool approved)
    {
        // Every request: mass mail leaves suppressed addresses out, anything else to an address suppressed for all
        // mail is rejected (recipient.suppressed). Looked up before any quota is spent.
        var suppressed = await suppressions.LookupAsync(Sender(request).Domain, InstitutionalPolicy.Recipients(request).Select(m => m.Address).ToList());
        switch (policy.Evaluate(request, approved, suppressed))
        {
            case PolicyRejected rejected:
                await rejections.PublishAsync(context, request, rejected.Violations);
                break;
            case PolicyHeld held:
                await HoldAsync(context, request, held);
                break;
            case PolicyProceed proceed:
                await ProceedAsync(context, request, proceed);
                break;
        }
    }

    async Task HoldAsync(ConsumeContext context, SendEmail request, PolicyHeld held)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.CurrentValue.ApprovalTimeout;
        if (request.ExpiresAt < expires)
        {
            expires = request.ExpiresAt.Value;
        }

        if (!await approvals.HoldAsync(request, held.Rule, held.Reason, now, expires))
        {
            logger.LogInformation("Request {RequestId} is held already; not held again", request.RequestId);
            return;
        }

        logger.LogInformation("Request {RequestId} held for approval until {Expires:O}: {Reason}", request.RequestId, expires, held.Reason);
        metrics.Held(held.Rule);
        await context.Publish(new EmailHeld
        {
            RequestId = request.RequestId, From = Sender(request).Address, Rule = held.Rule, Reason = held.Reason, HeldAt = now, ExpiresAt = expires,
        });
    }

    async Task ProceedAsync(ConsumeContext context, SendEmail request, PolicyProceed proceed)
    {
        var sendAs = Sender(proceed.Messages[0]).Address;
        // Parsed once: a fan-out has one part per recipient, and both events below list them.
        var recipients = proceed.Messages.Select(InstitutionalPolicy.Recipients).ToList();
        metrics.Accepted(sendAs, request.Category);
        await context.Publish(new EmailAccepted
        {
            RequestId = request.RequestId, From = sendAs, RecipientCount = recipients.Sum(r => r.Count),
            Category = request.Category, Priority = request.Priority, Application = request.Application, AcceptedAt = clock.GetUtcNow(),
        });
        if (proceed.SplitRule is { } rule)
        {
            await context.Publish(new EmailSplit
            {
                RequestId = request.RequestId, Rule = rule, Suppressed = proceed.Suppressed, SplitAt = clock.GetUtcNow(),
                Parts = proceed.Messages.Select((m, i) => new EmailPart
                {
                    RequestId = m.RequestId, Recipients = recipients[i].Select(r => r.Address).ToList(),
                }).ToList(),
            });
        }

        var lane = lanes.For(sendAs).QueueName;
        if (proceed.Messages.Count == 1)
        {
            await parking.RequeueAsync(context, proceed.Messages[0], lane);
            return;
        }

        // One at a time, each part waits for its own broker confirmation (a disk sync of the durable queue), about
        // 3 ms: a 50,000-part split took minutes. With many sends in flight the broker confirms them in batches.
        // The request is still acknowledged only after every part was confirmed; when a send fails no new one
        // starts, those in flight finish, and the fault redelivers the request, which splits again into the
        // same deterministic part ids, so a part sent twice is sent once (the ledger) and none is lost. The parts'
        // order within the lane is not kept, and nothing depends on it.
        await Parallel.ForEachAsync(proceed.Messages, new ParallelOptions { MaxDegreeOfParallelism = PartsInFlight, CancellationToken = context.CancellationToken },
            async (message, _) => await parking.RequeueAsync(context, message, lane));
    }

    static Mailbox Sender(SendEmail request) => Mailbox.Parse(request.From);
}
