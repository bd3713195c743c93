using Queue.Gateway.Auth;
using Queue.Gateway.Reputation;

namespace Queue.Gateway.Operations;

public static class LaneEndpoints
{
    public static void MapLanes(this IEndpointRouteBuilder api)
    {
        api.MapGet("/lanes", async (LaneReader lanes, HttpContext http) => Results.Ok(await lanes.AllAsync(http.RequestAborted)))
            .RequireAuthorization(ScopePolicies.Read)
            .WithSummary("Each account's lane: backlog, oldest request's age, holds, and progress with estimated completion of mass and split requests");
        api.MapGet("/reputation", async (ReputationReader reputation) => Results.Ok(await reputation.ReadAsync()))
            .RequireAuthorization(ScopePolicies.Read)
            .WithSummary("From the reputation monitor: each zone listed, degraded or clean; confirmed listings; degraded zones; DNS authentication checks");
    }
}
