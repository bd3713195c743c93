using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Queue.Sending.Policy;

/// <summary>
/// The List-Unsubscribe and List-Unsubscribe-Post headers (RFC 2369, RFC 8058) of a mass message to one
/// recipient. The link names the domain and the recipient and carries an HMAC, so it cannot be forged for
/// somebody else.
/// </summary>
public sealed class UnsubscribeLinks(IOptions<PolicyOptions> options)
{
    UnsubscribeOptions Settings => options.Value.Unsubscribe;

    public IReadOnlyList<KeyValuePair<string, string>> HeadersFor(string domain, string recipient)
    {
        var url = $"{Settings.Url}?d={Uri.EscapeDataString(domain)}&r={Uri.EscapeDataString(recipient)}&t={Token(domain, recipient)}";
        var value = Settings.Mailto is { Length: > 0 } mailto ? $"<{url}>, <mailto:{mailto}?subject=unsubscribe>" : $"<{url}>";
        return [new("List-Unsubscribe", value), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")];
    }

    /// <summary>True when <paramref name="token"/> is the one this service gave the recipient.</summary>
    public bool Verify(string domain, string recipient, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(domain, recipient)), Encoding.ASCII.GetBytes(token));

    string Token(string domain, string recipient)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Settings.Secret), Encoding.UTF8.GetBytes($"{domain.ToLowerInvariant()}\n{recipient.ToLowerInvariant()}"));
        return Convert.ToBase64String(mac, 0, 18).Replace('+', '-').Replace('/', '_');
    }
}
