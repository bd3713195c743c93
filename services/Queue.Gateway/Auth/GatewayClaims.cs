using System.Security.Claims;

namespace Queue.Gateway.Auth;

/// <summary>What an authenticated key tells about its caller.</summary>
public static class GatewayClaims
{
    public const string KeyId = "key";
    public const string Application = "app";
    public const string Scope = "scope";

    public static string KeyIdOf(this ClaimsPrincipal user) => user.FindFirstValue(KeyId) ?? "";

    public static string ApplicationOf(this ClaimsPrincipal user) => user.FindFirstValue(Application) ?? "";

    public static bool HasScope(this ClaimsPrincipal user, string scope) => user.HasClaim(Scope, scope);

    /// <summary>Who did something, for the records: the person named in the call, vouched for by the key.</summary>
    public static string Actor(this ClaimsPrincipal user, string? person) =>
        string.IsNullOrWhiteSpace(person) ? $"{user.ApplicationOf()} (key {user.KeyIdOf()})" : $"{person.Trim()} via {user.ApplicationOf()} (key {user.KeyIdOf()})";
}
