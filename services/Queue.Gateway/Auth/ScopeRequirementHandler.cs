using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Queue.Gateway.Auth;

/// <summary>Answers a key that lacks a scope with a 403 that names the scopes that would do.</summary>
public sealed class ScopeRequirementHandler : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var wanted = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ClaimsAuthorizationRequirement>()
                .SelectMany(r => r.AllowedValues ?? []).ToList() ?? [];
            await Problems.Write(context, StatusCodes.Status403Forbidden, "The key may not do this",
                $"this needs a key with scope {string.Join(" or ", wanted)}", rule: GatewayRules.ScopeMissing);
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
