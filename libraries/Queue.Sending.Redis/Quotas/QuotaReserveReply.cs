namespace Queue.Sending.Quotas;

/// <summary><see cref="QuotaScripts.Reserve"/>'s answer, read by <see cref="QuotaReserveCall.Parse"/>.</summary>
/// <param name="At">When denied, when the request fits; otherwise Redis's time.</param>
/// <param name="Limit">The limit that decided (null when granted).</param>
/// <param name="ForItsSize">Denied, but a one-recipient message would fit now: the request waits for its size alone.</param>
sealed record QuotaReserveReply(QuotaReserveStatus Status, DateTimeOffset At, QuotaLimit? Limit = null, bool ForItsSize = false, QuotaMismatch? Mismatch = null);
