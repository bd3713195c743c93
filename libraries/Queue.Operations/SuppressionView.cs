namespace Queue.Operations;

/// <summary>One reason an address of a sending domain gets no (mass) mail.</summary>
/// <param name="Domain">The sending domain it applies to, e.g. <c>pasto.gov.co</c>.</param>
/// <param name="Source">What put it there: a report's Message-ID, <c>unsubscribe-link</c>, or <c>operator</c>.</param>
/// <param name="Until">When it lapses by itself; null for good.</param>
public sealed record SuppressionView(
    string Domain, string Address, SuppressionReason Reason, SuppressionScope Scope, string Source, string By, DateTimeOffset At, DateTimeOffset? Until, string? Detail);
