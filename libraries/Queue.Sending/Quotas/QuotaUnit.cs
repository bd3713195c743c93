namespace Queue.Sending.Quotas;

/// <summary>What a cap counts; a limit may cap either or both.</summary>
public enum QuotaUnit
{
    Messages,
    Recipients,
}
