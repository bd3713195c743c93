namespace Queue.Sending.Quotas;

/// <param name="Attempt">
/// Each SMTP attempt reserves anew (the provider may have counted a failed one); a retried reservation of the
/// same request and attempt never consumes twice.
/// </param>
public sealed record QuotaRequest(Guid RequestId, int Attempt, string Account, int Recipients);
