using Queue.Reputation.Status;

namespace Queue.ReputationMonitor;

public static class StatusEndpoints
{
    /// <summary><c>GET /reputation/status</c>: the read model as saved in Redis, for ops until the gateway shows it.</summary>
    public static IEndpointRouteBuilder MapReputationStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reputation/status", (ReputationStatusStore store) => store.ReadAsync());
        return endpoints;
    }
}
