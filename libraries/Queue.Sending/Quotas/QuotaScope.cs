namespace Queue.Sending.Quotas;

/// <summary>Whom a limit counts: one sender account, or every account of its domain together.</summary>
public enum QuotaScope
{
    /// <summary>One account (<c>Quotas:Account</c> and its own <c>Quotas:Accounts:N:Limits</c>); used up, only its lane waits.</summary>
    Account,

    /// <summary>The whole domain (<c>Quotas:Domain</c>); used up, every lane of the domain waits.</summary>
    Domain,
}
