using Queue.Sending.Quotas;

namespace Queue.Gateway.Operations;

/// <summary>One account's use of every limit that applies to it.</summary>
public sealed record AccountQuota(string Account, DateTimeOffset? NextAllowedAt, IReadOnlyList<LimitUsage> Limits);

public sealed record LimitUsage(
    string Limit, TimeSpan Window, QuotaWindowMode Mode, int? MessageCap, int? RecipientCap, long Messages, long Recipients,
    long? RemainingMessages, long? RemainingRecipients, double Utilisation, DateTimeOffset? FreesAt, DateTimeOffset? NextAllowedAt)
{
    public static LimitUsage From(QuotaUsage u, DateTimeOffset now) => new(
        u.Limit, u.Window, u.Mode, u.MessageCap, u.RecipientCap, u.Messages, u.Recipients,
        u.RemainingMessages, u.RemainingRecipients, Math.Round(u.Utilisation, 4), u.FreesAt, u.NextAllowedAt(now));
}
