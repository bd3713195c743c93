using System.Text.RegularExpressions;

namespace Queue.Bounces;

/// <summary>
/// Finds the request a returned message was sent for. Queue sends the RequestId as the DSN ENVID (RFC 3461) and
/// makes the Message-ID <c>&lt;{RequestId:N}@{domain}&gt;</c> (MailComposer); X-Queue-Request-Id carries it too.
/// </summary>
public static partial class RequestReference
{
    public const string RequestIdHeader = "X-Queue-Request-Id";

    /// <summary>An ENVID: the RequestId in any of Guid's usual forms (xtext-decoded by MimeKit).</summary>
    public static Guid? FromEnvelopeId(string? envelopeId) =>
        Guid.TryParse(envelopeId?.Trim(), out var id) ? id : null;

    /// <summary>A Message-ID Queue made: 32 hex digits before the @, with or without angle brackets.</summary>
    public static Guid? FromMessageId(string? messageId) =>
        messageId is not null && QueueMessageId().Match(messageId) is { Success: true } m ? Guid.ParseExact(m.Groups[1].Value, "N") : null;

    /// <summary>The first Queue Message-ID quoted anywhere in a text (a provider's bounce quoting the original headers).</summary>
    public static Guid? FromText(string text) => FromMessageId(QueueMessageIdInText().Match(text) is { Success: true } m ? m.Value : null);

    [GeneratedRegex(@"^\s*<?([0-9a-fA-F]{32})@[^>\s]+>?\s*$")]
    private static partial Regex QueueMessageId();

    [GeneratedRegex(@"<[0-9a-fA-F]{32}@[A-Za-z0-9.-]+>")]
    private static partial Regex QueueMessageIdInText();
}
