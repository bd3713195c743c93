namespace Queue.Operations;

/// <summary>One limit's use: counted in its window, its caps (null: no cap), what is left, and when it frees.</summary>
/// <param name="Utilisation">The larger of messages and recipients over their cap, 0 to 1 (rounded to 4 places).</param>
public sealed record LimitUsage(
    string Limit, TimeSpan Window, QuotaWindowMode Mode, int? MessageCap, int? RecipientCap, long Messages, long Recipients,
    long? RemainingMessages, long? RemainingRecipients, double Utilisation, DateTimeOffset? FreesAt, DateTimeOffset? NextAllowedAt);
