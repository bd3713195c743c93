using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Queue.Sending.Accounts;

namespace Queue.Sending.Transport.OAuth;

/// <summary>The form posted to a token endpoint for one <see cref="OAuthClient"/>, with the JWT it signs when it needs one.</summary>
static class TokenGrant
{
    // Long enough for a slow endpoint, short enough that a captured assertion is soon worthless.
    static readonly TimeSpan AssertionLifetime = TimeSpan.FromMinutes(10);

    public static (Uri Endpoint, Dictionary<string, string> Form) For(OAuthClient client, DateTimeOffset now) => client.Flow switch
    {
        OAuthFlow.GoogleServiceAccount => GoogleServiceAccount(client, now),
        _ => ClientCredentials(client, now),
    };

    /// <summary>RFC 6749 §4.4 with a secret, or with a client assertion (RFC 7523 §2.2) signed by the certificate, as Entra ID takes it.</summary>
    static (Uri, Dictionary<string, string>) ClientCredentials(OAuthClient client, DateTimeOffset now)
    {
        var endpoint = client.TokenEndpoint!;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.ClientId!,
            ["scope"] = client.Scope,
        };
        if (client.ClientSecret is { } secret)
        {
            form["client_secret"] = secret;
            return (endpoint, form);
        }

        using var certificate = LoadCertificate(client);
        using var key = certificate.GetRSAPrivateKey() ?? throw new OAuthTokenException($"the certificate {client.CertificatePath} has no RSA private key");
        var header = new JsonObject
        {
            ["alg"] = "RS256",
            ["typ"] = "JWT",
            ["x5t"] = Base64Url(certificate.GetCertHash()),
            ["x5t#S256"] = Base64Url(certificate.GetCertHash(HashAlgorithmName.SHA256)),
        };
        var claims = new JsonObject
        {
            ["aud"] = endpoint.AbsoluteUri,
            ["iss"] = client.ClientId,
            ["sub"] = client.ClientId,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + AssertionLifetime).ToUnixTimeSeconds(),
        };
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = Jwt(header, claims, key);
        return (endpoint, form);
    }

    /// <summary>Google's JWT bearer grant for a service account acting as <see cref="OAuthClient.Subject"/> (domain-wide delegation).</summary>
    static (Uri, Dictionary<string, string>) GoogleServiceAccount(OAuthClient client, DateTimeOffset now)
    {
        var json = JsonNode.Parse(File.ReadAllText(client.ServiceAccountKeyPath!))
            ?? throw new OAuthTokenException($"the service account key {client.ServiceAccountKeyPath} is empty");
        var email = client.ClientId ?? (string?)json["client_email"]
            ?? throw new OAuthTokenException($"the service account key {client.ServiceAccountKeyPath} has no client_email");
        var pem = (string?)json["private_key"] ?? throw new OAuthTokenException($"the service account key {client.ServiceAccountKeyPath} has no private_key");
        var endpoint = client.TokenEndpoint ?? new Uri((string?)json["token_uri"] ?? "https://oauth2.googleapis.com/token");
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        if ((string?)json["private_key_id"] is { } keyId)
        {
            header["kid"] = keyId;
        }

        var claims = new JsonObject
        {
            ["iss"] = email,
            ["sub"] = client.Subject,
            ["scope"] = client.Scope,
            ["aud"] = endpoint.AbsoluteUri,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        return (endpoint, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = Jwt(header, claims, key),
        });
    }

    static X509Certificate2 LoadCertificate(OAuthClient client)
    {
        var path = client.CertificatePath!;
        try
        {
            return path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, client.CertificatePassword);
        }
        catch (CryptographicException e)
        {
            throw new OAuthTokenException($"the certificate {path} could not be read with its private key ({e.GetType().Name})");
        }
    }

    static string Jwt(JsonObject header, JsonObject claims, RSA key)
    {
        var signed = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The token and its lifetime from a token endpoint's JSON answer (RFC 6749 §5.1).</summary>
    public static (string Token, TimeSpan Lifetime)? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("access_token", out var token) || token.GetString() is not { Length: > 0 } value)
            {
                return null;
            }

            // Entra's v1 endpoint gives expires_in as a string; RFC 6749 as a number. Without it, assume an hour.
            var seconds = root.TryGetProperty("expires_in", out var expires)
                ? expires.ValueKind == JsonValueKind.Number ? expires.GetInt64() : long.TryParse(expires.GetString(), out var s) ? s : 3600
                : 3600;
            return (value, TimeSpan.FromSeconds(seconds));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The OAuth error code of a refusal (<c>invalid_client</c>): its description may quote the request, so it is left out.</summary>
    public static string ErrorCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()! : "no OAuth error code";
        }
        catch (JsonException)
        {
            return "not an OAuth answer";
        }
    }
}
