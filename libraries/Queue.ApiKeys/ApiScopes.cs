namespace Queue.ApiKeys;

/// <summary>What a key may do. Sending is further limited to the sender accounts its application was granted.</summary>
public static class ApiScopes
{
    /// <summary>Submit requests, as the accounts the key's application is granted; see its own requests' status.</summary>
    public const string Send = "send";

    /// <summary>See the status of any request, quotas, holds, lanes, reputation and approvals.</summary>
    public const string Read = "read";

    /// <summary>Pause and resume sending.</summary>
    public const string Operate = "operate";

    /// <summary>Approve or deny held requests (the communications office).</summary>
    public const string Approve = "approve";

    public static IReadOnlyList<string> All { get; } = [Send, Read, Operate, Approve];

    /// <summary>Parses a comma-separated list such as <c>send,read</c>; throws naming an unknown scope.</summary>
    public static IReadOnlyList<string> Parse(string list)
    {
        var scopes = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (scopes.Count == 0)
        {
            throw new ArgumentException($"give at least one scope of {string.Join(", ", All)}");
        }

        foreach (var scope in scopes.Where(s => !All.Contains(s)))
        {
            throw new ArgumentException($"'{scope}' is not a scope; use {string.Join(", ", All)}");
        }

        return scopes;
    }
}
