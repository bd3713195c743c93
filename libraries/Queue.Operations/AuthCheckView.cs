namespace Queue.Operations;

/// <summary>One DNS authentication check: <c>spf</c>, <c>dkim:&lt;selector&gt;</c>, <c>dmarc</c>, <c>mx</c>, <c>ptr</c>, <c>fcrdns</c>.</summary>
/// <param name="Target">The domain (spf, dkim, dmarc, mx) or sending IP (ptr, fcrdns) checked.</param>
/// <param name="Detail">What was found or missing, e.g. <c>p=reject</c> or <c>2 v=spf1 records (permerror)</c>.</param>
public sealed record AuthCheckView(string Target, string Check, AuthCheckOutcome Outcome, string Detail, DateTimeOffset CheckedAt);
