namespace Queue.Sending.Settings;

/// <summary>
/// The configuration sections the shared document owns. Secrets (SMTP passwords, the unsubscribe secret) and
/// the relay stay in each service's own configuration, never in Redis.
/// </summary>
public static class SharedSections
{
    public static readonly IReadOnlyList<string> All = ["Mail:Senders", "Quotas", "Policy", "Applications", "SendingHours"];

    /// <summary>Inside a shared section, but each service's own: the unsubscribe links' signing secret and address.</summary>
    public const string PolicyUnsubscribe = "Policy:Unsubscribe";

    public static bool Owns(string key) =>
        !Within(key, PolicyUnsubscribe) && All.Any(section => Within(key, section));

    /// <summary>Names that hold a secret: refused in the document, so no secret is ever stored or shown by it.</summary>
    public static bool IsSecret(string key)
    {
        var leaf = key[(key.LastIndexOf(':') + 1)..];
        return leaf.Contains("Password", StringComparison.OrdinalIgnoreCase) || leaf.Contains("Secret", StringComparison.OrdinalIgnoreCase)
            || Within(key, PolicyUnsubscribe);
    }

    static bool Within(string key, string section) =>
        key.Equals(section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase);
}
