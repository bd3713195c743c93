namespace Queue.Sending.Quotas;

/// <param name="Attempt">
/// Names one SMTP attempt (<see cref="Ledger.RequestClaim.QuotaAttempt"/>): each attempt that may reach the server
/// reserves anew, since the provider may have counted a failed one; a reservation retried under the same name (its
/// attempt never reached SMTP) never consumes twice.
/// </param>
public sealed record QuotaRequest(Guid RequestId, string Attempt, string Account, int Recipients);
