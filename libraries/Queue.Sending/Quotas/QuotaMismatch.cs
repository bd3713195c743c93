namespace Queue.Sending.Quotas;

/// <summary>A rolling window's running recipient total disagreed with its log; the log's figure now stands.</summary>
public sealed record QuotaMismatch(QuotaLimitId Limit, long Total, long Logged);
