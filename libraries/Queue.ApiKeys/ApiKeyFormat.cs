using System.Security.Cryptography;
using System.Text;

namespace Queue.ApiKeys;

/// <summary>
/// Keys look like <c>qk_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the stored record without a scan, the 32 random
/// bytes of the secret make guessing hopeless, and only the SHA-256 of the whole key is stored (a slow hash buys
/// nothing against 256 bits of entropy).
/// </summary>
public static class ApiKeyFormat
{
    const string Prefix = "qk_";

    public static (string Id, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id inside a presented key; null when it is not shaped like one of ours.</summary>
    public static string? IdOf(string? key)
    {
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return null;
        }

        var end = key.IndexOf('_', Prefix.Length);
        var id = end < 0 ? null : key[Prefix.Length..end];
        return id is { Length: 12 } && id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));
}
