using Queue.Gateway.Auth;

namespace Queue.Gateway.Operations;

public static class QuotaEndpoints
{
    public static void MapQuotas(this IEndpointRouteBuilder api)
    {
        api.MapGet("/quotas", async (QuotaReader quotas) => Results.Ok(await quotas.AllAsync()))
            .RequireAuthorization(ScopePolicies.Read).WithSummary("Quota usage of every sender account: used, cap, remaining, next allowed time, per limit");
        api.MapGet("/quotas/{account}", async (string account, QuotaReader quotas) =>
                await quotas.ForAsync(account) is { } quota
                    ? Results.Ok(quota)
                    : Problems.Result(StatusCodes.Status404NotFound, "No such sender account", $"{account} is not a configured sender account"))
            .RequireAuthorization(ScopePolicies.Read).WithSummary("Quota usage of one sender account");
    }
}
