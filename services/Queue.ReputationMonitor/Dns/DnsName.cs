using System.Text.RegularExpressions;

namespace Queue.ReputationMonitor.Dns;

/// <summary>Domain names as the wire and the settings want them (RFC 1035 2.3.4).</summary>
public static partial class DnsName
{
    public const int MaxLabelLength = 63;

    /// <summary>Length on the wire, with the length bytes and the root label.</summary>
    public const int MaxWireLength = 255;

    /// <summary>Letters, digits, hyphen and underscore (for <c>_dmarc</c>, <c>_domainkey</c>) in labels of 1–63.</summary>
    public static bool IsHostName(string value, bool requireDot = true)
    {
        var name = Normalize(value);
        return name.Length is > 0 and <= 253 && HostName().IsMatch(name) && (!requireDot || name.Contains('.'));
    }

    /// <summary>Lower case, no trailing dot: the form names are compared and stored in.</summary>
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    public static bool AreSame(string a, string b) => string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The labels of a name, checked against the wire limits (an absolute name: no search list applies).</summary>
    public static IReadOnlyList<string> Labels(string name)
    {
        var trimmed = name.TrimEnd('.');
        if (trimmed.Length == 0)
        {
            return [];
        }

        var labels = trimmed.Split('.');
        var wireLength = 1;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength || !label.All(char.IsAscii))
            {
                throw new ArgumentException($"'{name}' has an empty, too long or non-ASCII label", nameof(name));
            }

            wireLength += label.Length + 1;
        }

        return wireLength <= MaxWireLength ? labels : throw new ArgumentException($"'{name}' is longer than 255 bytes", nameof(name));
    }

    [GeneratedRegex(@"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();
}
