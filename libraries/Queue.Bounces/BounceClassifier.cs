using System.Text.RegularExpressions;
using Queue.Contracts;

namespace Queue.Bounces;

/// <summary>
/// Classifies one failed recipient from its enhanced status code (RFC 3463) and the server's words. The text is
/// read first for what codes say badly: a provider's own sending quota (5.4.5 at Google, but 5.2.0 or 4.7.0
/// elsewhere) and blocklists quoted under generic codes. Unknown permanent failures count as soft: one unclear
/// report never suppresses an address, repeated ones do (Bounces:SoftBounceLimit).
/// </summary>
public static partial class BounceClassifier
{
    public static BounceClass Classify(string? status, string? diagnostic)
    {
        var code = status is not null && StatusCode().Match(status) is { Success: true } s ? s.Value
            : diagnostic is not null && StatusCode().Match(diagnostic) is { Success: true } d ? d.Value : null;
        var text = diagnostic ?? "";

        if (code == "5.4.5" || SenderQuotaText().IsMatch(text))
        {
            return BounceClass.SenderQuota;
        }

        if (MailboxFullText().IsMatch(text) || code is "5.2.2" or "4.2.2")
        {
            return BounceClass.Soft;
        }

        if (code is not null && code.StartsWith("5.7.", StringComparison.Ordinal) || (code is null || code[0] == '5') && PolicyText().IsMatch(text))
        {
            return BounceClass.Policy;
        }

        if (code is not null && code[0] == '4')
        {
            return BounceClass.Soft;
        }

        if (code is not null && (code.StartsWith("5.1.", StringComparison.Ordinal) || code is "5.2.1" or "5.4.1" or "5.4.4"))
        {
            return BounceClass.Hard;
        }

        return NoSuchUserText().IsMatch(text) ? BounceClass.Hard : BounceClass.Soft;
    }

    /// <summary>The enhanced status code in a text, e.g. <c>5.1.10</c> in <c>550 5.1.10 RESOLVER.ADR.RecipientNotFound</c>.</summary>
    public static string? StatusIn(string? text) => text is not null && StatusCode().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"sending (quota|limit)|(daily|hourly) (user )?(sending |message )?(quota|limit)|SenderRateLimitExceeded|message rate limit exceeded|too many messages sent", RegexOptions.IgnoreCase)]
    private static partial Regex SenderQuotaText();

    [GeneratedRegex(@"mailbox (is )?full|over ?quota|quota exceeded|insufficient (system )?storage|out of storage|buz[oó]n lleno", RegexOptions.IgnoreCase)]
    private static partial Regex MailboxFullText();

    [GeneratedRegex(@"block ?list|black ?list|spamhaus|barracuda|spamcop|listed (at|on|in)|\bspam\b|reputation|\bDMARC\b|policy (reasons|rejection)|poor reputation", RegexOptions.IgnoreCase)]
    private static partial Regex PolicyText();

    [GeneratedRegex(@"no such (user|mailbox|recipient)|user unknown|unknown (user|recipient)|does not exist|doesn'?t exist|not found|address rejected|invalid (recipient|mailbox|address)|recipient ?not ?found|mailbox unavailable|account (is )?(disabled|inactive)|no existe|host or domain name not found|NXDOMAIN", RegexOptions.IgnoreCase)]
    private static partial Regex NoSuchUserText();
}
