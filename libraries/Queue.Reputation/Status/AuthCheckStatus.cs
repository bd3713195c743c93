namespace Queue.Reputation.Status;

/// <summary>One DNS authentication check: <c>spf</c>, <c>dkim:&lt;selector&gt;</c>, <c>dmarc</c>, <c>mx</c>, <c>ptr</c>, <c>fcrdns</c>.</summary>
public sealed record AuthCheckStatus
{
    /// <summary>The domain (spf, dkim, dmarc, mx) or sending IP (ptr, fcrdns) checked.</summary>
    public string Target { get; init; } = "";

    public string Check { get; init; } = "";

    public AuthCheckOutcome Outcome { get; init; }

    /// <summary>What was found or missing, e.g. <c>p=reject</c> or <c>2 v=spf1 records (permerror)</c>.</summary>
    public string Detail { get; init; } = "";

    public DateTimeOffset CheckedAt { get; init; }
}
