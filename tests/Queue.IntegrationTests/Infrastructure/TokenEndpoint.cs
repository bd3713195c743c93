using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>
/// An OAuth 2.0 token endpoint on loopback (Kestrel): <see cref="Check"/> judges each grant (null: grant it, else
/// the OAuth error code); granted tokens are <c>token-1</c>, <c>token-2</c>, … valid for an hour.
/// </summary>
sealed class TokenEndpoint : IAsyncDisposable
{
    readonly WebApplication app;
    int issued;

    TokenEndpoint(WebApplication app) => this.app = app;

    public Func<IReadOnlyDictionary<string, string>, string?> Check { get; set; } = _ => null;

    public List<IReadOnlyDictionary<string, string>> Requests { get; } = [];

    public Uri Url => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/oauth2/v2.0/token");

    public static async Task<TokenEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new TokenEndpoint(app);
        app.MapPost("/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            lock (endpoint.Requests)
            {
                endpoint.Requests.Add(form);
            }

            if (endpoint.Check(form) is { } error)
            {
                return Results.Json(new { error, error_description = $"refused: {string.Join(",", form.Values)}" }, statusCode: 401);
            }

            return Results.Json(new { access_token = $"token-{Interlocked.Increment(ref endpoint.issued)}", expires_in = 3600, token_type = "Bearer" });
        });
        await app.StartAsync();
        return endpoint;
    }

    /// <summary>The claims of an RS256 JWT whose signature <paramref name="key"/> verifies, or null.</summary>
    public static JsonElement? VerifiedClaims(string jwt, RSA key)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        var header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
        if (header.GetProperty("alg").GetString() != "RS256"
            || !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return null;
        }

        return JsonDocument.Parse(Base64Url(parts[1])).RootElement;
    }

    static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
