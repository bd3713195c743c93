namespace Queue.Sending.Policy;

/// <summary>One reason an address of a sending domain gets no (mass) mail.</summary>
/// <param name="Domain">The sending domain it applies to, e.g. <c>pasto.gov.co</c>.</param>
/// <param name="Source">What put it there: a report's Message-ID, <c>unsubscribe-link</c>, or <c>operator</c>.</param>
/// <param name="Until">When it lapses by itself; null for good.</param>
public sealed record Suppression(
    string Domain, string Address, SuppressionReason Reason, SuppressionScope Scope, string Source, string By, DateTimeOffset At, DateTimeOffset? Until = null, string? Detail = null)
{
    public bool InForce(DateTimeOffset now) => Until is null || Until > now;

    /// <summary>The scope each reason has unless an operator chooses: unsubscribes and complaints concern mass mail only.</summary>
    public static SuppressionScope ScopeOf(SuppressionReason reason) =>
        reason is SuppressionReason.Unsubscribed or SuppressionReason.Complaint ? SuppressionScope.MassMail : SuppressionScope.AllMail;
}
