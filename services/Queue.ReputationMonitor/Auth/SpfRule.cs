namespace Queue.ReputationMonitor.Auth;

/// <summary>RFC 7208 4.5: exactly one TXT record starting with <c>v=spf1</c>; two or more is a permanent error.</summary>
public static class SpfRule
{
    public static AuthVerdict Evaluate(IEnumerable<string> texts)
    {
        var records = texts.Where(IsSpf).ToList();
        return records.Count switch
        {
            0 => AuthVerdict.Fail("no v=spf1 record"),
            1 => AuthVerdict.Pass(records[0]),
            _ => AuthVerdict.Fail($"{records.Count} v=spf1 records (permerror: receivers treat SPF as broken)"),
        };
    }

    /// <summary>The version tag alone or followed by a space; <c>v=spf10</c> is not SPF.</summary>
    static bool IsSpf(string text) =>
        text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');
}
