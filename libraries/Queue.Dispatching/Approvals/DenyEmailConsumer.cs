using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Consumers;
using Queue.Sending.Applications;
using Queue.Sending.Policy;

namespace Queue.Dispatching.Approvals;

/// <summary>Rejects a held request a person refused, naming who and why.</summary>
public sealed class DenyEmailConsumer(BusIdentity identity, ApprovalStore approvals, Rejections rejections, TimeProvider clock, ILogger<DenyEmailConsumer> logger) : IConsumer<DenyEmail>
{
    public async Task Consume(ConsumeContext<DenyEmail> context)
    {
        if (identity.AuthorizedBy(context, ApplicationPower.Approve, context.Message.By) is not { } by)
        {
            return;
        }

        // Recorded (store, audit, events) as the verified identity, not as whatever the command says.
        var command = context.Message with { By = by };
        var outcome = await approvals.DecideAsync(command.RequestId, ApprovalState.Denied, command.By, command.Reason, clock.GetUtcNow());
        if (outcome is not { Decided: true, Request: { } request })
        {
            logger.LogWarning("Denial of {RequestId} by {By} ignored: the request is {State}", command.RequestId, command.By, outcome.State?.ToString() ?? "not held");
            return;
        }

        await context.Publish(new EmailApprovalDecided
        {
            RequestId = request.RequestId, Approved = false, By = command.By, Comment = command.Reason, DecidedAt = clock.GetUtcNow(),
        });
        await rejections.PublishAsync(context, request, [new RuleViolation
        {
            Rule = RuleNames.PolicyApprovalDenied, Message = $"denied by {command.By}: {command.Reason}",
        }]);
    }
}
