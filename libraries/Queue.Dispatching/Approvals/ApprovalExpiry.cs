using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching.Consumers;
using Queue.Sending.Policy;

namespace Queue.Dispatching.Approvals;

/// <summary>
/// Rejects held requests nobody decided on in time. Every replica sweeps; the decision is atomic in Redis, so
/// each expiry is published once.
/// </summary>
public sealed class ApprovalExpiry(ApprovalStore approvals, IBus bus, Rejections rejections, IOptions<DispatcherOptions> options, TimeProvider clock, ILogger<ApprovalExpiry> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ApprovalSweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Sweep of expired approvals failed ({Error}); trying again next time", e.Message);
            }
        }
    }

    internal async Task SweepAsync()
    {
        foreach (var requestId in await approvals.DueAsync(clock.GetUtcNow()))
        {
            var outcome = await approvals.DecideAsync(requestId, ApprovalState.Expired, "queue", "no decision in time", clock.GetUtcNow());
            if (outcome is { Decided: true, Request: { } request })
            {
                await rejections.PublishAsync(bus, request, [new RuleViolation
                {
                    Rule = RuleNames.PolicyApprovalExpired, Message = "nobody approved or denied it before it expired",
                }]);
            }
        }
    }
}
