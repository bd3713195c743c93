using Queue.ApiKeys;
using Queue.Gateway.Auth;

namespace Queue.Gateway.Status;

public static class StatusEndpoints
{
    public static void MapStatus(this IEndpointRouteBuilder api)
    {
        api.MapGet("/messages/{requestId:guid}", GetAsync).RequireAuthorization(ScopePolicies.ReadOrSend)
            .WithSummary("Status of a request: accepted, held, deferred until, sent at, failed or rejected why; the history and the parts of a split request");
        api.MapGet("/rejections", async (RequestStatusStore store, int? count) => Results.Ok(await store.RecentRejectionsAsync(Math.Clamp(count ?? 20, 1, 1000))))
            .RequireAuthorization(ScopePolicies.Read).WithSummary("Most recent rejections, newest first");
    }

    /// <summary>A key with only the send scope sees its own application's requests; others are "not found" to it.</summary>
    static async Task<IResult> GetAsync(Guid requestId, HttpContext http, RequestStatusStore store)
    {
        var found = await store.GetAsync(requestId);
        var visible = found is { } f && (http.User.HasScope(ApiScopes.Read) || f.Meta.GetValueOrDefault("application") == http.User.ApplicationOf());
        return visible
            ? Results.Ok(StatusFolder.Fold(requestId, found!.Value.History, found.Value.Meta, found.Value.Progress))
            : Problems.Result(StatusCodes.Status404NotFound, "No such request", $"no status is kept for {requestId}: unknown, or older than Gateway:StatusRetention");
    }
}
