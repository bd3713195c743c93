using System.Text.RegularExpressions;

namespace Queue.ReputationMonitor.Dns;

/// <summary>Domain names as the settings and the cache want them (RFC 1035 2.3.4).</summary>
public static partial class DnsName
{
    /// <summary>Letters, digits, hyphen and underscore (for <c>_dmarc</c>, <c>_domainkey</c>) in labels of 1–63.</summary>
    public static bool IsHostName(string value, bool requireDot = true)
    {
        var name = Normalize(value);
        return name.Length is > 0 and <= 253 && HostName().IsMatch(name) && (!requireDot || name.Contains('.'));
    }

    /// <summary>Lower case, no trailing dot: the form names are compared and stored in.</summary>
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    [GeneratedRegex(@"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();
}
