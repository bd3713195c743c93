namespace Queue.Sending.Quotas;

/// <summary>Reserves provider quota before a send. Throws when the store is unreachable: callers fail closed.</summary>
public interface IQuotaGate
{
    Task<QuotaDecision> ReserveAsync(QuotaRequest request);

    /// <summary>
    /// Marks the reservation as counted by the provider now (after its answer), so rolling windows run from the
    /// provider's clock of events rather than from the earlier reservation.
    /// </summary>
    Task ConfirmAsync(QuotaRequest request);

    /// <summary>Gives a reservation back; only for sends the provider certainly did not count.</summary>
    Task RefundAsync(QuotaRequest request);
}
