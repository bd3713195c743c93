using System.Text.Json;
using MassTransit;
using Queue.Contracts;
using Queue.Gateway.Auth;
using Queue.Sending.Policy;

namespace Queue.Gateway.Operations;

/// <summary>Held requests for the communications office: the decision goes to the dispatcher as a command.</summary>
public static class ApprovalEndpoints
{
    public sealed record ApprovalDetail(
        PendingApproval Summary, ApprovalState State, IReadOnlyList<string> To, IReadOnlyList<string> Cc, int Bcc, string? TextBody, string? HtmlBody,
        IReadOnlyList<string> Attachments, string? DecidedBy, string? Comment, DateTimeOffset? DecidedAt, IReadOnlyList<ApprovalAdvisor> AdvisedBy);

    public static void MapApprovals(this IEndpointRouteBuilder api)
    {
        api.MapGet("/approvals", async (ApprovalStore approvals) => Results.Ok((await approvals.ListPendingAsync()).Select(Summarise).ToList()))
            .RequireAuthorization(ScopePolicies.ReadOrApprove).WithSummary("Requests waiting for approval, soonest to expire first");
        api.MapGet("/approvals/audit", async (ApprovalStore approvals, int? count) =>
                Results.Ok((await approvals.AuditTrailAsync(Math.Clamp(count ?? 100, 1, 10_000))).Select(line => JsonSerializer.Deserialize<JsonElement>(line)).ToList()))
            .RequireAuthorization(ScopePolicies.ReadOrApprove).WithSummary("Approval decisions, newest first: who, what, when");
        api.MapGet("/approvals/{requestId:guid}", GetAsync).RequireAuthorization(ScopePolicies.ReadOrApprove).WithSummary("One held request with its text");
        api.MapPost("/approvals/{requestId:guid}/approve", ApproveAsync).RequireAuthorization(ScopePolicies.Approve).Accepts<ApproveRequest>("application/json")
            .WithSummary("Approve a held request; advisedBy (MayorsOffice, HumanResources, InformationSystems) is required for a partner entity's information");
        api.MapPost("/approvals/{requestId:guid}/deny", DenyAsync).RequireAuthorization(ScopePolicies.Approve).Accepts<DenyRequest>("application/json")
            .WithSummary("Deny a held request, with a reason");
    }

    static async Task<IResult> GetAsync(Guid requestId, ApprovalStore approvals)
    {
        if (await approvals.GetAsync(requestId) is not { } held)
        {
            return NotHeld(requestId);
        }

        var r = held.Request;
        return Results.Ok(new ApprovalDetail(Summarise(held), held.State, r.To, r.Cc, r.Bcc.Count, r.TextBody, r.HtmlBody,
            r.Attachments.Select(a => $"{a.FileName} ({a.ContentType}, {a.Content.Length:N0} bytes)").ToList(), held.DecidedBy, held.Comment, held.DecidedAt, held.AdvisedBy));
    }

    static async Task<IResult> ApproveAsync(Guid requestId, HttpContext http, ApprovalStore approvals, IPublishEndpoint bus, OperationsAudit audit)
    {
        var (body, unreadable) = await CommandBody.ReadAsync(http, new ApproveRequest(null, null), optional: true);
        if (body is null)
        {
            return unreadable!;
        }

        if (CommandBody.TooLong("The approval is invalid", ("comment", body.Comment, CommandBody.MaxTextLength), ("by", body.By, CommandBody.MaxNameLength)) is { } tooLong)
        {
            return tooLong;
        }

        if (await Undecidable(requestId, approvals) is { } problem)
        {
            return problem;
        }

        var advisedBy = body.AdvisedBy?.Distinct().ToList() ?? [];
        if (advisedBy.Count == 0 && await approvals.GetAsync(requestId) is { Request.Category: EmailCategory.PartnerEntity })
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Say who advised",
                "information from a partner entity is approved by the communications office advised by the Mayor's office, Human Resources or Information Systems: "
                + "give advisedBy, e.g. [\"HumanResources\"]", GatewayRules.AdviceMissing, new Dictionary<string, object?> { ["field"] = "advisedBy" });
        }

        var by = http.User.Actor(body.By);
        await bus.Publish(new ApproveEmail { RequestId = requestId, By = by, Comment = body.Comment, AdvisedBy = advisedBy }, http.RequestAborted);
        await audit.RecordAsync("approve", requestId.ToString(), by,
            advisedBy.Count > 0 ? $"{body.Comment} (advised by {string.Join(", ", advisedBy)})".TrimStart() : body.Comment);
        return Results.Accepted($"/v1/messages/{requestId}", new DecisionAccepted(requestId, "approve", by, $"/v1/messages/{requestId}"));
    }

    static async Task<IResult> DenyAsync(Guid requestId, HttpContext http, ApprovalStore approvals, IPublishEndpoint bus, OperationsAudit audit)
    {
        var (body, unreadable) = await CommandBody.ReadAsync<DenyRequest>(http);
        if (body is null)
        {
            return unreadable!;
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required: the requester is told why"] }, title: "The denial is invalid");
        }

        if (CommandBody.TooLong("The denial is invalid", ("reason", body.Reason.Trim(), CommandBody.MaxTextLength), ("by", body.By, CommandBody.MaxNameLength)) is { } tooLong)
        {
            return tooLong;
        }

        if (await Undecidable(requestId, approvals) is { } problem)
        {
            return problem;
        }

        var by = http.User.Actor(body.By);
        await bus.Publish(new DenyEmail { RequestId = requestId, By = by, Reason = body.Reason.Trim() }, http.RequestAborted);
        await audit.RecordAsync("deny", requestId.ToString(), by, body.Reason.Trim());
        return Results.Accepted($"/v1/messages/{requestId}", new DecisionAccepted(requestId, "deny", by, $"/v1/messages/{requestId}"));
    }

    /// <summary>404 when the request is not held; 409 when it was decided already (the dispatcher would ignore it).</summary>
    static async Task<IResult?> Undecidable(Guid requestId, ApprovalStore approvals) =>
        await approvals.GetAsync(requestId) switch
        {
            null => NotHeld(requestId),
            { State: not ApprovalState.Pending } held => Problems.Result(StatusCodes.Status409Conflict, "Already decided",
                $"{requestId} was {held.State.ToString().ToLowerInvariant()} by {held.DecidedBy} at {held.DecidedAt:O}"),
            _ => null,
        };

    static IResult NotHeld(Guid requestId) => Problems.Result(StatusCodes.Status404NotFound, "Not held", $"{requestId} is not a request held for approval");

    static PendingApproval Summarise(HeldRequest held)
    {
        var r = held.Request;
        var recipients = r.To.Concat(r.Cc).Concat(r.Bcc).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        return new PendingApproval(r.RequestId, r.From, r.Subject, r.Category, recipients, r.Application, held.Rule, held.Reason, held.HeldAt, held.ExpiresAt);
    }
}
