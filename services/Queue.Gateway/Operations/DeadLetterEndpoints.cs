using Queue.Gateway.Auth;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Gateway.Operations;

/// <summary>Requests the intake set aside (unreadable, or of a message type Queue does not know): list, re-publish, purge.</summary>
public static class DeadLetterEndpoints
{
    public static void MapDeadLetters(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dead-letters", async (DeadLetterStore store, int? count, HttpContext http) =>
                Results.Ok(await store.ListAsync(Math.Clamp(count ?? 100, 0, DeadLetterStore.Scan), http.RequestAborted)))
            .RequireAuthorization(ScopePolicies.Read)
            .WithSummary("Requests set aside by the intake because they cannot be read or have an unknown message type: counts, and id, when and why of each (count=0: counts only)");
        api.MapPost("/dead-letters/republish", (DeadLetterCommand body, DeadLetterStore store, OperationsAudit audit, HttpContext http) =>
                ActAsync(republish: true, body, store, audit, http))
            .RequireAuthorization(ScopePolicies.Operate).WithSummary("Put set-aside requests back into the intake (after fixing what made them fail)");
        api.MapPost("/dead-letters/purge", (DeadLetterCommand body, DeadLetterStore store, OperationsAudit audit, HttpContext http) =>
                ActAsync(republish: false, body, store, audit, http))
            .RequireAuthorization(ScopePolicies.Operate).WithSummary("Drop set-aside requests for good");
    }

    static async Task<IResult> ActAsync(bool republish, DeadLetterCommand body, DeadLetterStore store, OperationsAudit audit, HttpContext http)
    {
        if (body.Reason is { } reason && reason is not (DeadLetterQueues.Unreadable or DeadLetterQueues.UnknownType))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = [$"must be {DeadLetterQueues.Unreadable} or {DeadLetterQueues.UnknownType} (or left out for both)"],
            }, title: "The command is invalid");
        }

        var done = await store.ActAsync(republish, body.Reason, string.IsNullOrWhiteSpace(body.MessageId) ? null : body.MessageId.Trim(), http.RequestAborted);
        var by = http.User.Actor(body.By);
        await audit.RecordAsync($"dead-letters.{done.Action}", body.MessageId ?? body.Reason ?? "all", by, $"{done.Count} requests");
        return Results.Ok(done);
    }
}
