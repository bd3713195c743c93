using System.Security.Claims;

namespace Queue.Gateway.Auth;

/// <summary><c>GET /v1/me</c>: what the caller's key is, so a page offers only what the key may do.</summary>
public static class KeyEndpoints
{
    public sealed record KeyIdentity(string KeyId, string Application, IReadOnlyList<string> Scopes);

    public static void MapKeyIdentity(this IEndpointRouteBuilder api) =>
        api.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new KeyIdentity(user.KeyIdOf(), user.ApplicationOf(),
                user.FindAll(GatewayClaims.Scope).Select(c => c.Value).ToList())))
            .WithSummary("The calling key: its id, application and scopes (any valid key)");
}
