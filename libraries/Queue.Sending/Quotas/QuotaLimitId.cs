namespace Queue.Sending.Quotas;

/// <summary>Which limit: its scope and the name it has in the settings (e.g. <c>hour</c>).</summary>
public sealed record QuotaLimitId(QuotaScope Scope, string Name)
{
    /// <summary>
    /// The one public form, e.g. <c>quota.account.hour</c>: the rule of an <c>EmailDeferred</c>, the <c>limit</c> label
    /// of the quota metrics, the gateway's <c>limit</c> and log text. Consumers match on it, so it never changes; nothing
    /// in Queue parses it back.
    /// </summary>
    public override string ToString() => $"quota.{(Scope == QuotaScope.Domain ? "domain" : "account")}.{Name}";
}
