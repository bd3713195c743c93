using System.Collections.Concurrent;
using Queue.Sending.Accounts;

namespace Queue.Sending.Transport.OAuth;

/// <summary>
/// One <see cref="OAuthTokenSource"/> per client: a client-credentials token serves every mailbox of the
/// application, a Google service account's token only the mailbox it was delegated for.
/// </summary>
public sealed class OAuthTokenSources(TimeProvider clock, HttpClient? http = null) : IDisposable
{
    readonly HttpClient http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    readonly bool ownsHttp = http is null;
    readonly ConcurrentDictionary<OAuthClient, OAuthTokenSource> sources = new();

    public OAuthTokenSource For(OAuthClient client) =>
        sources.GetOrAdd(client.Flow == OAuthFlow.ClientCredentials ? client with { Subject = "" } : client, c => new OAuthTokenSource(c, http, clock));

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }
}
