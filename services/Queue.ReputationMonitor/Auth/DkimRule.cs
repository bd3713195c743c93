namespace Queue.ReputationMonitor.Auth;

/// <summary>RFC 6376 3.6.1: the selector's record must hold a public key in <c>p=</c>; an empty <c>p=</c> means revoked.</summary>
public static class DkimRule
{
    public static AuthVerdict Evaluate(IEnumerable<string> texts)
    {
        var keys = texts.Select(TagList.Parse).Where(t => t.ContainsKey("p")).ToList();
        if (keys.Count == 0)
        {
            return AuthVerdict.Fail("no DKIM key record (no p= tag)");
        }

        var key = keys.FirstOrDefault(t => t["p"].Length > 0);
        return key is null
            ? AuthVerdict.Fail("the key is revoked (empty p=)")
            : AuthVerdict.Pass($"k={key.GetValueOrDefault("k", "rsa")}, key of {key["p"].Length} base64 characters");
    }
}
