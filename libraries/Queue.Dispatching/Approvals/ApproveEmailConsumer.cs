using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Consumers;
using Queue.Sending.Applications;
using Queue.Sending.Policy;

namespace Queue.Dispatching.Approvals;

/// <summary>Sends a held request once a person approved it; the decision is recorded and published first.</summary>
public sealed class ApproveEmailConsumer(
    BusIdentity identity, ApprovalStore approvals, InstitutionalPolicy policy, Admission admission, TimeProvider clock, ILogger<ApproveEmailConsumer> logger)
    : IConsumer<ApproveEmail>
{
    public async Task Consume(ConsumeContext<ApproveEmail> context)
    {
        if (identity.AuthorizedBy(context, ApplicationPower.Approve, context.Message.By) is not { } by)
        {
            return;
        }

        // Recorded (store, audit, events) as the verified identity, not as whatever the command says.
        var command = context.Message with { By = by };
        if (command.AdvisedBy.Count == 0 && await approvals.GetAsync(command.RequestId) is { State: ApprovalState.Pending, Request.Category: EmailCategory.PartnerEntity })
        {
            // Circular 004: the office decides on partner entities' information advised by the Mayor's office, HR or
            // Information Systems; an approval that names no adviser is not that decision. The request stays held.
            logger.LogWarning("Approval of {RequestId} by {By} ignored: information from a partner entity needs AdvisedBy", command.RequestId, command.By);
            return;
        }

        var outcome = await approvals.DecideAsync(command.RequestId, ApprovalState.Approved, command.By, command.Comment, clock.GetUtcNow(), command.AdvisedBy);
        if (outcome is not { Decided: true, Request: { } request })
        {
            logger.LogWarning("Approval of {RequestId} by {By} ignored: the request is {State}", command.RequestId, command.By, outcome.State?.ToString() ?? "not held");
            return;
        }

        var decision = policy.Evaluate(request, approved: true, new HashSet<string>());
        await context.Publish(new EmailApprovalDecided
        {
            RequestId = request.RequestId, Approved = true, By = command.By, Comment = command.Comment, DecidedAt = clock.GetUtcNow(), AdvisedBy = command.AdvisedBy,
            SendAs = decision is PolicyProceed proceed ? proceed.Messages[0].From : request.From,
        });
        await admission.AdmitAsync(context, request, approved: true);
    }
}
