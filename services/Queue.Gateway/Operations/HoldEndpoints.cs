using MassTransit;
using Queue.Contracts;
using Queue.Dispatcher.ReadModel;
using Queue.Gateway.Auth;
using Queue.Sending.Accounts;
using Queue.Sending.Control;

namespace Queue.Gateway.Operations;

/// <summary>Pausing and resuming go to the dispatcher as commands; the gateway never writes the holds itself.</summary>
public static class HoldEndpoints
{
    public static void MapHolds(this IEndpointRouteBuilder api)
    {
        api.MapGet("/holds", async (DispatcherReadModel dispatcher, TimeProvider clock) => Results.Ok((await dispatcher.HoldsAsync(clock.GetUtcNow())).Select(h => h.ToView()).ToList()))
            .RequireAuthorization(ScopePolicies.Read).WithSummary("Holds in force: operator pauses and blocklist reactions, with who, why and until when");
        api.MapPost("/pause", PauseAsync).RequireAuthorization(ScopePolicies.Operate).Accepts<PauseRequest>("application/json")
            .WithSummary("Pause one account (account set) or all sending (account null), with a reason; optional until");
        api.MapPost("/resume", ResumeAsync).RequireAuthorization(ScopePolicies.Operate).Accepts<ResumeRequest>("application/json")
            .WithSummary("Lift an operator's pause of one account or of all sending");
        api.MapGet("/audit", async (OperationsAudit audit, int? count) => Results.Ok(await audit.LatestAsync(Math.Clamp(count ?? 50, 1, 1000))))
            .RequireAuthorization(ScopePolicies.Read).WithSummary("Who paused, resumed, approved or denied what, newest first");
    }

    static async Task<IResult> PauseAsync(HttpContext http, SenderDirectory senders, IPublishEndpoint bus, OperationsAudit audit, TimeProvider clock)
    {
        var (body, unreadable) = await CommandBody.ReadAsync<PauseRequest>(http);
        if (body is null)
        {
            return unreadable!;
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required: say why sending stops"] }, title: "The pause is invalid");
        }

        if (CommandBody.TooLong("The pause is invalid", ("reason", body.Reason.Trim(), CommandBody.MaxTextLength), ("by", body.By, CommandBody.MaxNameLength)) is { } tooLong)
        {
            return tooLong;
        }

        if (body.Until is { } until && until <= clock.GetUtcNow())
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["until"] = ["must be in the future"] }, title: "The pause is invalid");
        }

        if (Scope(body.Account, senders) is not { } scope)
        {
            return UnknownAccount(body.Account!);
        }

        var by = http.User.Actor(body.By);
        await bus.Publish(new PauseSending { Account = scope == SendingHold.Everything ? null : scope, Reason = body.Reason.Trim(), By = by, Until = body.Until }, http.RequestAborted);
        await audit.RecordAsync("pause", scope, by, body.Until is { } u ? $"{body.Reason.Trim()} (until {u:O})" : body.Reason.Trim());
        return Results.Accepted("/v1/holds", new ControlAccepted(scope, "pause", by));
    }

    static async Task<IResult> ResumeAsync(HttpContext http, SenderDirectory senders, IPublishEndpoint bus, OperationsAudit audit)
    {
        var (body, unreadable) = await CommandBody.ReadAsync<ResumeRequest>(http);
        if (body is null)
        {
            return unreadable!;
        }

        if (CommandBody.TooLong("The resume is invalid", ("by", body.By, CommandBody.MaxNameLength)) is { } tooLong)
        {
            return tooLong;
        }

        if (Scope(body.Account, senders) is not { } scope)
        {
            return UnknownAccount(body.Account!);
        }

        var by = http.User.Actor(body.By);
        await bus.Publish(new ResumeSending { Account = scope == SendingHold.Everything ? null : scope, By = by }, http.RequestAborted);
        await audit.RecordAsync("resume", scope, by, null);
        return Results.Accepted("/v1/holds", new ControlAccepted(scope, "resume", by));
    }

    static string? Scope(string? account, SenderDirectory senders) =>
        string.IsNullOrWhiteSpace(account) || account.Trim() == SendingHold.Everything ? SendingHold.Everything
        : senders.TryGet(account.Trim(), out var sender) ? sender.Address : null;

    static IResult UnknownAccount(string account) =>
        Problems.Result(StatusCodes.Status404NotFound, "No such sender account", $"{account} is not a configured sender account (Mail:Senders)");
}
