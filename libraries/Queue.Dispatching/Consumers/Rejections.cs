using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Telemetry;

namespace Queue.Dispatching.Consumers;

/// <summary>Publishes a definitive refusal, with every violation and a one-line summary.</summary>
public sealed class Rejections(DispatcherMetrics metrics, TimeProvider clock, ILogger<Rejections> logger)
{
    public Task<EmailRejected> PublishAsync(ConsumeContext<SendEmail> context, IReadOnlyList<RuleViolation> violations) =>
        PublishAsync(context, context.Message, violations);

    /// <returns>The event published, for the ledger to keep.</returns>
    public async Task<EmailRejected> PublishAsync(IPublishEndpoint context, SendEmail request, IReadOnlyList<RuleViolation> violations)
    {
        var summary = string.Join("; ", violations.Select(v => v.Field is null ? $"{v.Rule}: {v.Message}" : $"{v.Rule}: {v.Field} {v.Message}"));
        logger.LogWarning("Request {RequestId} rejected: {Reasons}", request.RequestId, summary);
        metrics.Rejected(violations.Count > 0 ? violations[0].Rule : "unknown", request.Category);
        var rejected = new EmailRejected
        {
            RequestId = request.RequestId, From = request.From, Application = request.Application,
            Reason = summary, Violations = violations, RejectedAt = clock.GetUtcNow(),
        };
        await context.Publish(rejected);
        return rejected;
    }
}
