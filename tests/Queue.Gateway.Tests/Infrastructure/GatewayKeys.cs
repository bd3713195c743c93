using Queue.ApiKeys;

namespace Queue.Gateway.Tests.Infrastructure;

/// <summary>The keys a fixture hands out, made as queuectl makes them.</summary>
internal sealed record GatewayKeys(string Intranet, string Sistemas, string Operator, string Approver, string Reader)
{
    public static async Task<GatewayKeys> CreateAsync(ApiKeyStore store)
    {
        async Task<string> Make(string app, params string[] scopes) => (await store.CreateAsync(app, scopes, "tests")).Secret;

        return new GatewayKeys(
            await Make("intranet", ApiScopes.Send),
            await Make("sistemas", ApiScopes.Send),
            await Make("ops", ApiScopes.Read, ApiScopes.Operate),
            await Make("comunicaciones", ApiScopes.Read, ApiScopes.Approve),
            await Make("tablero", ApiScopes.Read));
    }
}
