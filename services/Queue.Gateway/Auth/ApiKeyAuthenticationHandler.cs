using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Queue.ApiKeys;

namespace Queue.Gateway.Auth;

/// <summary>
/// Authenticates a request by its API key, given as <c>X-Api-Key: …</c> or <c>Authorization: Bearer …</c>. The
/// key is looked up by its id and compared by hash; it is never logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey() is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (await keys.FindAsync(presented) is not { } key)
        {
            Logger.LogWarning("Refused an unknown or revoked API key (id {KeyId})", ApiKeyFormat.IdOf(presented) ?? "malformed");
            return AuthenticateResult.Fail("the API key is not valid");
        }

        Claim[] claims =
        [
            new(ClaimTypes.Name, key.Application), new(GatewayClaims.KeyId, key.Id), new(GatewayClaims.Application, key.Application),
            .. key.Scopes.Select(s => new Claim(GatewayClaims.Scope, s)),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    string? PresentedKey()
    {
        if (Request.Headers[Header] is [{ Length: > 0 } header])
        {
            return header.Trim();
        }

        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"queue\", {SchemeName} header=\"{Header}\"";
        var detail = PresentedKey() is null
            ? $"give an API key in the {Header} header or as Authorization: Bearer (see queuectl keys create)"
            : "the API key is unknown or revoked";
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "An API key is required", detail);
    }
}
