using Queue.Sending.Accounts;

namespace Queue.Sending.Transport.OAuth;

/// <summary>
/// Access tokens of one OAuth client, cached until shortly before they expire (by <see cref="TimeProvider"/>)
/// and renewed then, or at once when a server refused the one it was given.
/// </summary>
public sealed class OAuthTokenSource(OAuthClient client, HttpClient http, TimeProvider clock)
{
    /// <summary>A token is renewed this long before it expires (at most half its lifetime), so none expires mid-session.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    readonly SemaphoreSlim renewing = new(1, 1);
    AccessToken? current;
    DateTimeOffset renewAt;

    /// <summary>How many tokens this source has obtained: what the cache saved is visible in tests.</summary>
    public int Obtained { get; private set; }

    public async Task<AccessToken> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } cached && clock.GetUtcNow() < renewAt)
        {
            return cached;
        }

        await renewing.WaitAsync(cancellationToken);
        try
        {
            if (current is { } fresh && clock.GetUtcNow() < renewAt)
            {
                return fresh;
            }

            var now = clock.GetUtcNow();
            var (token, lifetime) = await RequestAsync(now, cancellationToken);
            current = new AccessToken(token, now + lifetime);
            renewAt = now + lifetime - TimeSpan.FromTicks(Math.Min(RenewBefore.Ticks, lifetime.Ticks / 2));
            Obtained++;
            return current;
        }
        finally
        {
            renewing.Release();
        }
    }

    /// <summary>The server refused <paramref name="token"/>: the next <see cref="GetAsync"/> obtains a new one (unless another already did).</summary>
    public void Refused(AccessToken token)
    {
        if (ReferenceEquals(current, token))
        {
            current = null;
        }
    }

    string Who => client.Flow == OAuthFlow.ClientCredentials ? $"client {client.ClientId}" : client.Subject;

    async Task<(string Token, TimeSpan Lifetime)> RequestAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (endpoint, form) = TokenGrant.For(client, now);
        HttpResponseMessage response;
        string body;
        try
        {
            using var content = new FormUrlEncodedContent(form);
            response = await http.PostAsync(endpoint, content, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new OAuthTokenException($"the token endpoint {endpoint} could not be reached for {Who}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new OAuthTokenException(
                    $"the token endpoint {endpoint} refused a token for {Who} ({client.Flow}): HTTP {(int)response.StatusCode}, {TokenGrant.ErrorCode(body)}");
            }

            return TokenGrant.Parse(body) ?? throw new OAuthTokenException($"the token endpoint {endpoint} answered without an access token for {Who}");
        }
    }
}
