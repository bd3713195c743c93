using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Accounts;
using Queue.Sending.Transport;
using Queue.Sending.Transport.OAuth;
using static Queue.IntegrationTests.SmtpClientTests;

namespace Queue.IntegrationTests;

public sealed class OAuthServersFixture : IAsyncLifetime
{
    /// <summary>Takes only XOAUTH2 with token-2: the first token any test's endpoint grants is refused.</summary>
    internal FaultSmtpServer SecondToken { get; } = new(options: "--pipelining --chunking --xoauth2-token token-2");

    /// <summary>Takes only XOAUTH2 with token-1.</summary>
    internal FaultSmtpServer FirstToken { get; } = new(options: "--pipelining --chunking --xoauth2-token token-1");

    /// <summary>Takes only XOAUTH2 with a token no endpoint grants.</summary>
    internal FaultSmtpServer NoToken { get; } = new(options: "--pipelining --xoauth2-token revoked-everywhere");

    public Task InitializeAsync() => Task.WhenAll(SecondToken.StartAsync(), FirstToken.StartAsync(), NoToken.StartAsync());

    public Task DisposeAsync()
    {
        SecondToken.Dispose();
        FirstToken.Dispose();
        NoToken.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>OAuth 2.0 login (XOAUTH2) with tokens from a token endpoint the test runs, against an SMTP server that takes nothing else.</summary>
public class SmtpOAuthTests(OAuthServersFixture servers) : IClassFixture<OAuthServersFixture>
{
    const string Mailbox = "intranet@pasto.gov.co";
    const string ClientId = "queue-app";
    const string Secret = "client-secret-5b6c7d";
    const string Scope = "https://outlook.office365.com/.default";

    static SmtpRoute Route(FaultSmtpServer server, OAuthClient client) =>
        new("127.0.0.1", server.Port, SmtpSecurity.None, new SmtpCredentials(Mailbox, client), SmtpClientTests.Quick, 2);

    static OAuthClient SecretClient(TokenEndpoint endpoint) =>
        new(OAuthFlow.ClientCredentials, OAuthMechanism.XOAuth2, endpoint.Url, ClientId, Secret, null, null, null, Scope, Mailbox);

    static string? SecretGrant(IReadOnlyDictionary<string, string> form) =>
        form.GetValueOrDefault("grant_type") == "client_credentials" && form.GetValueOrDefault("client_id") == ClientId
        && form.GetValueOrDefault("client_secret") == Secret && form.GetValueOrDefault("scope") == Scope ? null : "invalid_client";

    [Fact]
    public async Task A_token_the_server_refuses_is_renewed_once_and_the_renewed_one_is_cached()
    {
        await using var endpoint = await TokenEndpoint.StartAsync();
        endpoint.Check = SecretGrant;
        using var tokens = new OAuthTokenSources(TimeProvider.System);
        var first = Mail("OAuth renovado", "ana@pasto.gov.co");
        var second = Mail("OAuth en cache", "ana@pasto.gov.co");

        await using (var transport = new SmtpMailTransport(TimeProvider.System, tokens))
        {
            var result = await transport.SendAsync(first, Route(servers.SecondToken, SecretClient(endpoint)), default);
            Assert.True(result.Status == SendStatus.Sent, result.Reply);
        }

        // A new connection (another transport) logs in with the cached token: no third request.
        await using (var transport = new SmtpMailTransport(TimeProvider.System, tokens))
        {
            Assert.Equal(SendStatus.Sent, (await transport.SendAsync(second, Route(servers.SecondToken, SecretClient(endpoint)), default)).Status);
        }

        Assert.Equal(2, endpoint.Requests.Count);
        var record = Record(servers.SecondToken, first);
        Assert.Equal("XOAUTH2", record.GetProperty("auth").GetString());
        Assert.Equal(Mailbox, record.GetProperty("auth_user").GetString());
        Assert.NotEqual(record.GetProperty("peer").GetInt32(), Record(servers.SecondToken, second).GetProperty("peer").GetInt32());
    }

    [Fact]
    public async Task A_renewed_token_refused_again_fails_the_session_without_telling_the_token()
    {
        await using var endpoint = await TokenEndpoint.StartAsync();
        endpoint.Check = SecretGrant;
        await using var transport = new SmtpMailTransport(TimeProvider.System, new OAuthTokenSources(TimeProvider.System));

        var result = await transport.SendAsync(Mail("OAuth revocado", "ana@pasto.gov.co"), Route(servers.NoToken, SecretClient(endpoint)), default);

        Assert.Equal(SendFailureKind.Session, result.Kind);
        Assert.Equal(SendStatus.PermanentFailure, result.Status);
        Assert.Contains("535", result.Reply);
        Assert.False(result.MayHaveBeenCounted);
        Assert.Equal(2, endpoint.Requests.Count);
        Assert.DoesNotContain("token-", result.Reply);
        Assert.DoesNotContain(Secret, result.Reply);
    }

    [Fact]
    public async Task A_token_endpoint_that_refuses_the_client_fails_the_session_naming_the_oauth_error_only()
    {
        await using var endpoint = await TokenEndpoint.StartAsync();
        endpoint.Check = _ => "invalid_client";
        await using var transport = new SmtpMailTransport(TimeProvider.System, new OAuthTokenSources(TimeProvider.System));
        var mail = Mail("OAuth sin token", "ana@pasto.gov.co");

        var result = await transport.SendAsync(mail, Route(servers.FirstToken, SecretClient(endpoint)), default);

        Assert.Equal(SendFailureKind.Session, result.Kind);
        Assert.Contains("invalid_client", result.Reply);
        Assert.DoesNotContain(Secret, result.Reply);
        Assert.False(result.MayHaveBeenCounted);
        Assert.DoesNotContain(servers.FirstToken.Records(), r => r.GetProperty("subject").GetString() == mail.Subject);
    }

    [Fact]
    public async Task A_certificate_signs_a_client_assertion_the_endpoint_verifies()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=queue-app", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"queue-oauth-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        try
        {
            await using var endpoint = await TokenEndpoint.StartAsync();
            endpoint.Check = form =>
            {
                if (form.GetValueOrDefault("grant_type") != "client_credentials" || form.ContainsKey("client_secret")
                    || form.GetValueOrDefault("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                {
                    return "invalid_request";
                }

                var claims = TokenEndpoint.VerifiedClaims(form["client_assertion"], key);
                return claims is { } c && c.GetProperty("iss").GetString() == ClientId && c.GetProperty("sub").GetString() == ClientId
                    && c.GetProperty("aud").GetString() == endpoint.Url.AbsoluteUri
                    && c.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? null : "invalid_client";
            };
            var client = new OAuthClient(OAuthFlow.ClientCredentials, OAuthMechanism.XOAuth2, endpoint.Url, ClientId, null, path, "pfx-password", null, Scope, Mailbox);
            await using var transport = new SmtpMailTransport(TimeProvider.System, new OAuthTokenSources(TimeProvider.System));

            var result = await transport.SendAsync(Mail("OAuth con certificado", "ana@pasto.gov.co"), Route(servers.FirstToken, client), default);

            Assert.True(result.Status == SendStatus.Sent, result.Reply);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_google_service_account_asks_for_a_token_for_the_mailbox_it_acts_as()
    {
        using var key = RSA.Create(2048);
        await using var endpoint = await TokenEndpoint.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"queue-service-account-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["client_email"] = "queue@pasto-mail.iam.gserviceaccount.com",
            ["private_key_id"] = "k1",
            ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
            ["token_uri"] = endpoint.Url.AbsoluteUri,
        }));
        try
        {
            endpoint.Check = form =>
            {
                if (form.GetValueOrDefault("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer")
                {
                    return "unsupported_grant_type";
                }

                var claims = TokenEndpoint.VerifiedClaims(form["assertion"], key);
                return claims is { } c && c.GetProperty("iss").GetString() == "queue@pasto-mail.iam.gserviceaccount.com"
                    && c.GetProperty("sub").GetString() == Mailbox && c.GetProperty("scope").GetString() == "https://mail.google.com/"
                    && c.GetProperty("aud").GetString() == endpoint.Url.AbsoluteUri ? null : "invalid_grant";
            };
            var client = new OAuthClient(OAuthFlow.GoogleServiceAccount, OAuthMechanism.XOAuth2, null, null, null, null, null, path, "https://mail.google.com/", Mailbox);
            await using var transport = new SmtpMailTransport(TimeProvider.System, new OAuthTokenSources(TimeProvider.System));
            var mail = Mail("OAuth de Google", "ana@pasto.gov.co");

            var result = await transport.SendAsync(mail, Route(servers.FirstToken, client), default);

            Assert.True(result.Status == SendStatus.Sent, result.Reply);
            Assert.Equal(Mailbox, Record(servers.FirstToken, mail).GetProperty("auth_user").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
