using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Queue.Sending.Accounts;
using Queue.Sending.Transport.OAuth;

namespace Queue.UnitTests;

/// <summary>The token cache: one request per token lifetime, renewed shortly before expiry or when a server refused it.</summary>
public class OAuthTokenSourceTests
{
    const string Secret = "client-secret-9f8e7d";

    static readonly OAuthClient Client = new(OAuthFlow.ClientCredentials, OAuthMechanism.XOAuth2, new Uri("https://login.example/tenant/oauth2/v2.0/token"),
        "queue-app", Secret, null, null, null, "https://outlook.office365.com/.default", "intranet@pasto.gov.co");

    /// <summary>A token endpoint in memory: hands out token-1, token-2, … with the given lifetime, or the given refusal.</summary>
    sealed class Endpoint(int lifetimeSeconds, HttpStatusCode status = HttpStatusCode.OK, string? refusal = null) : HttpMessageHandler
    {
        public List<string> Forms { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Forms.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            var body = status == HttpStatusCode.OK ? $"{{\"access_token\":\"token-{Forms.Count}\",\"expires_in\":{lifetimeSeconds},\"token_type\":\"Bearer\"}}" : refusal!;
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    static (OAuthTokenSource Source, Endpoint Endpoint, FakeTimeProvider Clock) Source(int lifetimeSeconds = 3600)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var endpoint = new Endpoint(lifetimeSeconds);
        return (new OAuthTokenSource(Client, new HttpClient(endpoint), clock), endpoint, clock);
    }

    [Fact]
    public async Task A_token_is_reused_until_five_minutes_before_it_expires_then_renewed()
    {
        var (source, endpoint, clock) = Source();

        var first = await source.GetAsync(default);
        clock.Advance(TimeSpan.FromMinutes(54));
        var cached = await source.GetAsync(default);
        clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = await source.GetAsync(default);

        Assert.Equal("token-1", first.Value);
        Assert.Same(first, cached);
        Assert.Equal("token-2", renewed.Value);
        Assert.Equal(2, endpoint.Forms.Count);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(1), renewed.ExpiresAt);
    }

    [Fact]
    public async Task A_short_lived_token_is_renewed_at_half_its_lifetime()
    {
        var (source, endpoint, clock) = Source(lifetimeSeconds: 120);

        await source.GetAsync(default);
        clock.Advance(TimeSpan.FromSeconds(59));
        await source.GetAsync(default);
        clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = await source.GetAsync(default);

        Assert.Equal("token-2", renewed.Value);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_at_once_and_only_once_for_concurrent_refusals()
    {
        var (source, endpoint, _) = Source();

        var refused = await source.GetAsync(default);
        source.Refused(refused);
        var renewed = await source.GetAsync(default);
        source.Refused(refused);

        Assert.Equal("token-2", renewed.Value);
        Assert.Same(renewed, await source.GetAsync(default));
        Assert.Equal(2, endpoint.Forms.Count);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_request()
    {
        var (source, endpoint, _) = Source();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.GetAsync(default)));

        Assert.Single(endpoint.Forms);
        Assert.All(tokens, t => Assert.Equal("token-1", t.Value));
    }

    [Fact]
    public async Task The_client_credentials_grant_names_client_secret_and_scope()
    {
        var (source, endpoint, _) = Source();

        await source.GetAsync(default);

        var form = Single(endpoint.Forms);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("queue-app", form["client_id"]);
        Assert.Equal(Secret, form["client_secret"]);
        Assert.Equal("https://outlook.office365.com/.default", form["scope"]);
    }

    [Fact]
    public async Task A_refusal_names_the_endpoint_and_the_oauth_error_never_the_secret()
    {
        var endpoint = new Endpoint(0, HttpStatusCode.Unauthorized, $"{{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided: {Secret}\"}}");
        var source = new OAuthTokenSource(Client, new HttpClient(endpoint), new FakeTimeProvider());

        var refused = await Assert.ThrowsAsync<OAuthTokenException>(() => source.GetAsync(default));

        Assert.Contains("login.example", refused.Message);
        Assert.Contains("HTTP 401, invalid_client", refused.Message);
        Assert.DoesNotContain(Secret, refused.Message);
    }

    [Fact]
    public void Neither_credentials_nor_tokens_print_a_secret()
    {
        var credentials = new SmtpCredentials("intranet@pasto.gov.co", Client);
        var token = new AccessToken("eyJ-secret-token", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain(Secret, credentials.ToString());
        Assert.DoesNotContain(Secret, Client.ToString());
        Assert.DoesNotContain("eyJ", token.ToString());
    }

    static Dictionary<string, string> Single(List<string> forms) =>
        Assert.Single(forms).Split('&').Select(p => p.Split('=')).ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1]));
}
