namespace Queue.ReputationMonitor.Auth;

/// <summary>RFC 7489 6.6.3: one record starting with <c>v=DMARC1</c> at <c>_dmarc.domain</c>, with a valid <c>p=</c> policy.</summary>
public static class DmarcRule
{
    static readonly string[] Policies = ["none", "quarantine", "reject"];

    public static AuthVerdict Evaluate(IEnumerable<string> texts)
    {
        var records = texts.Select(TagList.Parse)
            .Where(t => t.TryGetValue("v", out var v) && v.Equals("DMARC1", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (records.Count != 1)
        {
            return AuthVerdict.Fail(records.Count == 0 ? "no v=DMARC1 record" : $"{records.Count} DMARC records (receivers ignore them all)");
        }

        return records[0].TryGetValue("p", out var policy) && Policies.Contains(policy, StringComparer.OrdinalIgnoreCase)
            ? AuthVerdict.Pass($"p={policy.ToLowerInvariant()}")
            : AuthVerdict.Fail("no valid p= policy (none, quarantine or reject)");
    }
}
