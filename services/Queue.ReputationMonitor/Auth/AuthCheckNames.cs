namespace Queue.ReputationMonitor.Auth;

/// <summary>The names of the checks, as they appear in metrics (<c>check</c> tag) and the status.</summary>
public static class AuthCheckNames
{
    public const string Spf = "spf";
    public const string Dmarc = "dmarc";
    public const string Mx = "mx";
    public const string Ptr = "ptr";
    public const string Fcrdns = "fcrdns";

    public static string Dkim(string selector) => $"dkim:{selector}";
}
