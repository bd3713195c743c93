namespace Queue.ReputationMonitor.Auth;

/// <summary>The <c>tag=value; tag=value</c> syntax shared by DKIM (RFC 6376 3.2) and DMARC (RFC 7489 6.4).</summary>
public static class TagList
{
    public static IReadOnlyDictionary<string, string> Parse(string record)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in record.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals > 0)
            {
                // The first occurrence wins; whitespace inside a value (a folded key) is not part of it.
                tags.TryAdd(part[..equals].Trim(), string.Concat(part[(equals + 1)..].Where(c => !char.IsWhiteSpace(c))));
            }
        }

        return tags;
    }
}
