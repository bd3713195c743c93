using Queue.Sending.Quotas;

namespace Queue.Gateway.Operations;

/// <summary>One account's use of every limit that applies to it, with the caps in force (its own limits, ramps, throttle).</summary>
/// <param name="Warmup">The account's ramp while it runs: "warm-up day N of M, cap today X".</param>
/// <param name="DomainWarmup">The whole domain's ramp while it runs.</param>
/// <param name="SettingsVersion">The shared settings version these caps come from.</param>
public sealed record AccountQuota(
    string Account, DateTimeOffset? NextAllowedAt, IReadOnlyList<LimitUsage> Limits,
    WarmupStatus? Warmup = null, WarmupStatus? DomainWarmup = null, long SettingsVersion = 0);

public sealed record LimitUsage(
    string Limit, TimeSpan Window, QuotaWindowMode Mode, int? MessageCap, int? RecipientCap, long Messages, long Recipients,
    long? RemainingMessages, long? RemainingRecipients, double Utilisation, DateTimeOffset? FreesAt, DateTimeOffset? NextAllowedAt)
{
    public static LimitUsage From(QuotaUsage u, DateTimeOffset now) => new(
        u.Limit.ToString(), u.Window, u.Mode, u.MessageCap, u.RecipientCap, u.Messages, u.Recipients,
        u.RemainingMessages, u.RemainingRecipients, Math.Round(u.Utilisation, 4), u.FreesAt, u.NextAllowedAt(now));
}
