using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Queue.Sending.Policy;

/// <summary>
/// The List-Unsubscribe and List-Unsubscribe-Post headers (RFC 2369, RFC 8058) of a mass message to one
/// recipient, and the re-subscribe link of the confirmation page. A link names the domain and the recipient and
/// carries an HMAC, so it cannot be forged for somebody else; each <see cref="LinkPurpose"/> signs with its own key
/// derived from the secret, so an unsubscribe token is no re-subscribe token and the other way round.
/// </summary>
public sealed class UnsubscribeLinks(IOptions<PolicyOptions> options)
{
    UnsubscribeOptions Settings => options.Value.Unsubscribe;

    public IReadOnlyList<KeyValuePair<string, string>> HeadersFor(string domain, string recipient)
    {
        var url = $"{Settings.Url}?{Query(LinkPurpose.Unsubscribe, domain, recipient)}";
        var value = Settings.Mailto is { Length: > 0 } mailto ? $"<{url}>, <mailto:{mailto}?subject=unsubscribe>" : $"<{url}>";
        return [new("List-Unsubscribe", value), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")];
    }

    /// <summary>The query string <c>d=…&amp;r=…&amp;t=…</c> of a link for <paramref name="purpose"/>.</summary>
    public string Query(LinkPurpose purpose, string domain, string recipient) =>
        $"d={Uri.EscapeDataString(domain)}&r={Uri.EscapeDataString(recipient)}&t={Token(purpose, domain, recipient)}";

    /// <summary>True when <paramref name="token"/> is the one this service gave the recipient for <paramref name="purpose"/>.</summary>
    public bool Verify(string domain, string recipient, string token, LinkPurpose purpose = LinkPurpose.Unsubscribe) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(purpose, domain, recipient)), Encoding.ASCII.GetBytes(token));

    string Token(LinkPurpose purpose, string domain, string recipient)
    {
        var mac = HMACSHA256.HashData(Key(purpose), Encoding.UTF8.GetBytes($"{domain.ToLowerInvariant()}\n{recipient.ToLowerInvariant()}"));
        return Convert.ToBase64String(mac, 0, 18).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Unsubscribe links sign with the secret itself (links already sent keep working); others with a key derived from it.</summary>
    byte[] Key(LinkPurpose purpose)
    {
        var secret = Encoding.UTF8.GetBytes(Settings.Secret);
        return purpose == LinkPurpose.Unsubscribe ? secret : HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"queue link purpose: {purpose}"));
    }
}
