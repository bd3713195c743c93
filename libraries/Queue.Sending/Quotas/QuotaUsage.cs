namespace Queue.Sending.Quotas;

/// <summary>How much of one limit an account has used in the window ending now.</summary>
/// <param name="FreesAt">
/// Rolling: when the oldest counted message leaves the window; calendar: when the period ends. Null when nothing
/// is counted.
/// </param>
public sealed record QuotaUsage(QuotaLimitId Limit, TimeSpan Window, QuotaWindowMode Mode, int? MessageCap, int? RecipientCap, long Messages, long Recipients, DateTimeOffset? FreesAt)
{
    public long? RemainingMessages => MessageCap - Messages is { } left ? Math.Max(0, left) : null;

    public long? RemainingRecipients => RecipientCap - Recipients is { } left ? Math.Max(0, left) : null;

    /// <summary>The cap on <paramref name="unit"/>; null when the limit does not count it.</summary>
    public int? Cap(QuotaUnit unit) => unit == QuotaUnit.Messages ? MessageCap : RecipientCap;

    public long Used(QuotaUnit unit) => unit == QuotaUnit.Messages ? Messages : Recipients;

    public long? Remaining(QuotaUnit unit) => unit == QuotaUnit.Messages ? RemainingMessages : RemainingRecipients;

    /// <summary>The share of the tighter cap in use, 0 to 1.</summary>
    public double Utilisation => Math.Max(MessageCap is { } m ? (double)Messages / m : 0, RecipientCap is { } r ? (double)Recipients / r : 0);

    /// <summary>When one more one-recipient message fits: now while there is room, else when room frees.</summary>
    public DateTimeOffset? NextAllowedAt(DateTimeOffset now) => RemainingMessages == 0 || RemainingRecipients == 0 ? FreesAt : now;
}
