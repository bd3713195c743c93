namespace Queue.Sending.Policy;

/// <summary>The suppressions in force for the recipients of one request, by address (case-insensitive).</summary>
public sealed class RecipientSuppressions(IEnumerable<Suppression> inForce)
{
    readonly Dictionary<string, List<Suppression>> byAddress = inForce
        .GroupBy(s => s.Address, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

    public static RecipientSuppressions None { get; } = new([]);

    /// <summary>Any suppression: mass mail leaves the address out.</summary>
    public bool FromMass(string address) => byAddress.ContainsKey(address);

    /// <summary>The suppression that keeps every kind of mail from the address, if any.</summary>
    public Suppression? FromAll(string address) =>
        byAddress.TryGetValue(address, out var list) ? list.FirstOrDefault(s => s.Scope == SuppressionScope.AllMail) : null;

    /// <summary>Addresses that only unsubscribed (for the older policy entry point and its tests).</summary>
    public static RecipientSuppressions Unsubscribed(IEnumerable<string> addresses) =>
        new(addresses.Select(a => new Suppression("", a, SuppressionReason.Unsubscribed, SuppressionScope.MassMail, "unsubscribe-link", "recipient", DateTimeOffset.MinValue)));
}
