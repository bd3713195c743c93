using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Gateway.Auth;
using Queue.Gateway.Status;
using Queue.Sending.Ledger;
using Queue.Sending.Policy;

namespace Queue.Gateway.Operations;

/// <summary>
/// An operator cancels a request that waits (queued, parked, deferred, held by a lane or for approval). The outcome is
/// written to the request ledger, which every attempt consults before SMTP, so no dispatcher sends it afterwards;
/// the request ends <see cref="EmailRejected"/> with rule <see cref="RuleNames.OperatorCancelled"/>. A request being
/// sent right now, or already finished, cannot be cancelled.
/// </summary>
public static class CancelEndpoints
{
    public static void MapCancel(this IEndpointRouteBuilder api) =>
        api.MapPost("/messages/{requestId:guid}/cancel", CancelAsync).RequireAuthorization(ScopePolicies.Operate)
            .WithSummary("Cancel a request that has not been sent yet (waiting or held), with a reason; it ends rejected (operator.cancelled)");

    static async Task<IResult> CancelAsync(
        Guid requestId, CancelRequest body, HttpContext http, RequestStatusStore statuses, RequestLedger ledger, ApprovalStore approvals,
        IPublishEndpoint bus, OperationsAudit audit, IOptions<GatewayOptions> options, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required: the requester is told why"] }, title: "The cancellation is invalid");
        }

        if (await statuses.GetAsync(requestId) is not { } known)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "No such request", $"{requestId} is not a request this gateway knows");
        }

        if (known.History.LastOrDefault(t => t.IsTerminal) is { } done)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "Already finished", $"{requestId} was {done.State} at {done.At:O}");
        }

        var by = http.User.Actor(body.By);
        var reason = body.Reason.Trim();
        var rejected = new EmailRejected
        {
            RequestId = requestId, From = known.Meta.GetValueOrDefault("account"), Application = known.Meta.GetValueOrDefault("application"),
            Reason = $"{RuleNames.OperatorCancelled}: cancelled by {by}: {reason}", RejectedAt = clock.GetUtcNow(),
            Violations = [new RuleViolation { Rule = RuleNames.OperatorCancelled, Message = $"cancelled by {by}: {reason}" }],
        };
        switch (await ledger.TrySettleAsync(requestId, RequestOutcome.Of(rejected), options.Value.DeduplicationWindow))
        {
            case SettleResult.Sending:
                return Problems.Result(StatusCodes.Status409Conflict, "Being sent", $"{requestId} is being sent right now; its outcome will follow");
            case SettleResult.Finished:
                return Problems.Result(StatusCodes.Status409Conflict, "Already finished", $"{requestId} is finished; see /v1/messages/{requestId}");
        }

        // Held for approval: decided, so neither an approval nor the expiry sends or reports it later.
        if (await approvals.GetAsync(requestId) is { State: ApprovalState.Pending })
        {
            await approvals.DecideAsync(requestId, ApprovalState.Denied, by, $"cancelled: {reason}", clock.GetUtcNow());
        }

        await bus.Publish(rejected, http.RequestAborted);
        await audit.RecordAsync("cancel", requestId.ToString(), by, reason);
        return Results.Accepted($"/v1/messages/{requestId}", new Cancelled(requestId, by, $"/v1/messages/{requestId}"));
    }
}
