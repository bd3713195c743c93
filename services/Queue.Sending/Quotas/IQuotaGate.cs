namespace Queue.Sending.Quotas;

/// <summary>Reserves provider quota before a send. Throws when the store is unreachable: callers fail closed.</summary>
public interface IQuotaGate
{
    Task<QuotaDecision> ReserveAsync(QuotaRequest request);

    /// <summary>Gives a reservation back; only for sends the provider certainly did not count.</summary>
    Task RefundAsync(QuotaRequest request);
}
