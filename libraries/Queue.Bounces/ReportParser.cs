using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using Queue.Contracts;

namespace Queue.Bounces;

/// <summary>
/// Reads one message of the bounce mailbox: an RFC 3464 DSN, an RFC 5965 ARF complaint, a provider's own bounce
/// text, or an auto-reply; ties it to the request it is about and classifies each recipient. Never throws for
/// bad input: what it cannot read is <see cref="UnprocessableReport"/> with the reason.
/// </summary>
public static partial class ReportParser
{
    public static ReportReading Parse(MimeMessage message)
    {
        try
        {
            return message.Body switch
            {
                MultipartReport { ReportType: var type } report when Is(type, "delivery-status") => DeliveryStatus(message, report),
                MultipartReport { ReportType: var type } report when Is(type, "feedback-report") => Feedback(message, report),
                _ when LooksLikeBounce(message) => ProviderText(message),
                _ when IsAutoReply(message) => new IgnoredReport(ReportKind.AutoReply, $"automatic reply from {message.From.Mailboxes.FirstOrDefault()?.Address ?? "unknown"}: {message.Subject}"),
                _ => new UnprocessableReport($"not a delivery report, complaint or auto-reply (from {message.From.Mailboxes.FirstOrDefault()?.Address ?? "nobody"}, subject \"{message.Subject}\")"),
            };
        }
        catch (Exception e) when (e is FormatException or ParseException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return new UnprocessableReport($"unreadable report: {e.Message}");
        }
    }

    static ReportReading DeliveryStatus(MimeMessage message, MultipartReport report)
    {
        if (report.OfType<MessageDeliveryStatus>().FirstOrDefault() is not { } status || status.StatusGroups.Count == 0)
        {
            // Some servers label a plain bounce multipart/report but leave out the machine-readable part.
            return LooksLikeBounce(message) ? ProviderText(message) : new UnprocessableReport("a delivery-status report without a message/delivery-status part");
        }

        var perMessage = status.StatusGroups[0];
        var recipients = new List<BouncedRecipient>();
        var delivered = 0;
        foreach (var group in status.StatusGroups.Skip(1))
        {
            var address = Typed(group["Final-Recipient"]) ?? Typed(group["Original-Recipient"]);
            var action = group["Action"]?.Trim().ToLowerInvariant();
            if (address is null || action is null)
            {
                continue;
            }

            if (action is not ("failed" or "delayed"))
            {
                delivered++;
                continue;
            }

            var code = group["Status"]?.Trim();
            var diagnostic = Typed(group["Diagnostic-Code"]);
            var @class = action == "delayed" ? BounceClass.Soft : BounceClassifier.Classify(code, diagnostic);
            recipients.Add(new BouncedRecipient(address.ToLowerInvariant(), @class, BounceClassifier.StatusIn(code) ?? BounceClassifier.StatusIn(diagnostic), diagnostic));
        }

        if (recipients.Count == 0)
        {
            return delivered > 0
                ? new IgnoredReport(ReportKind.DeliveryStatus, $"a positive delivery notification ({delivered} delivered, relayed or expanded)")
                : new UnprocessableReport("a delivery-status report that names no recipient");
        }

        var returned = Returned(report);
        var tie = Tie(RequestReference.FromEnvelopeId(perMessage["Original-Envelope-Id"]), returned, message);
        return tie is not { } t
            ? NoTie()
            : new ReadReport(new BounceReport
            {
                ReportId = Id(message), Kind = ReportKind.DeliveryStatus, RequestId = t.Id, TiedBy = t.By, Recipients = recipients,
                OriginalSender = returned?.From.Mailboxes.FirstOrDefault()?.Address, ReportedBy = Typed(perMessage["Reporting-MTA"]),
            });
    }

    static ReportReading Feedback(MimeMessage message, MultipartReport report)
    {
        if (report.OfType<MessageFeedbackReport>().FirstOrDefault() is not { } feedback)
        {
            return new UnprocessableReport("a feedback report without a message/feedback-report part");
        }

        var type = feedback.Fields["Feedback-Type"]?.Trim().ToLowerInvariant();
        if (type is null)
        {
            return new UnprocessableReport("a feedback report without Feedback-Type");
        }

        if (type == "not-spam")
        {
            return new IgnoredReport(ReportKind.Feedback, "a not-spam feedback report");
        }

        var returned = Returned(report);
        var recipients = feedback.Fields.Where(h => h.Field.Equals("Original-Rcpt-To", StringComparison.OrdinalIgnoreCase))
            .Select(h => Address(h.Value)).OfType<string>().ToList();
        if (recipients.Count == 0 && returned is not null)
        {
            // Feedback loops often redact the recipient; the returned message's To is the one left (Queue's mass mail
            // goes one recipient per message). An empty list lets the reader take the request's own recipient.
            recipients.AddRange(returned.To.Mailboxes.Select(m => m.Address).Where(a => a.Contains('@') && !a.Contains("redacted", StringComparison.OrdinalIgnoreCase)));
        }

        var tie = Tie(null, returned, message);
        return tie is not { } t
            ? NoTie()
            : new ReadReport(new BounceReport
            {
                ReportId = Id(message), Kind = ReportKind.Feedback, RequestId = t.Id, TiedBy = t.By, FeedbackType = type,
                Recipients = recipients.Distinct(StringComparer.OrdinalIgnoreCase).Select(a => new BouncedRecipient(a.ToLowerInvariant(), BounceClass.Complaint, null, feedback.Fields["User-Agent"])).ToList(),
                OriginalSender = returned?.From.Mailboxes.FirstOrDefault()?.Address ?? Address(feedback.Fields["Original-Mail-From"]),
                ReportedBy = feedback.Fields["Reporting-MTA"] is { } mta ? Typed(mta) : feedback.Fields["User-Agent"]?.Trim(),
            });
    }

    /// <summary>A bounce written for people: Gmail's, Exchange Online's and older servers' texts without a status part.</summary>
    static ReportReading ProviderText(MimeMessage message)
    {
        var text = message.TextBody ?? Html(message.HtmlBody) ?? "";
        var returned = message.BodyParts.OfType<MessagePart>().Select(p => p.Message).FirstOrDefault(m => m is not null);
        var status = BounceClassifier.StatusIn(text);
        var diagnostic = DiagnosticLine(text, status);
        var own = message.From.Mailboxes.Concat(message.To.Mailboxes).Select(m => m.Address)
            .Concat(returned?.From.Mailboxes.Select(m => m.Address) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = Addresses().Matches(text).Select(m => m.Value.Trim('<', '>', '.', ',', ';', ':', '\'', '"').ToLowerInvariant())
            .Where(a => !own.Contains(a) && !a.StartsWith("mailer-daemon@", StringComparison.Ordinal) && !a.StartsWith("postmaster@", StringComparison.Ordinal)
                && RequestReference.FromMessageId(a) is null)
            .Distinct().ToList();
        var originals = returned?.To.Mailboxes.Concat(returned.Cc.Mailboxes).Select(m => m.Address.ToLowerInvariant()).ToList() ?? [];
        var recipients = originals.Count > 0 && named.Intersect(originals).ToList() is { Count: > 0 } both ? both
            : named.Count > 0 ? named
            : originals.Count == 1 ? originals
            : [];
        if (recipients.Count == 0)
        {
            return new UnprocessableReport("a bounce that names no failed recipient");
        }

        if (status is null && diagnostic is null)
        {
            return new UnprocessableReport("a bounce without a status code or a reason");
        }

        var @class = BounceClassifier.Classify(status, diagnostic ?? text);
        var tie = Tie(null, returned, message) ?? (RequestReference.FromText(text) is { } quoted ? (quoted, "message-id") : null);
        return tie is not { } t
            ? NoTie()
            : new ReadReport(new BounceReport
            {
                ReportId = Id(message), Kind = ReportKind.ProviderText, RequestId = t.Id, TiedBy = t.By,
                Recipients = recipients.Select(a => new BouncedRecipient(a, @class, status, diagnostic)).ToList(),
                OriginalSender = returned?.From.Mailboxes.FirstOrDefault()?.Address, ReportedBy = message.From.Mailboxes.FirstOrDefault()?.Address,
            });
    }

    /// <summary>ENVID first (Queue set it), then the returned message's Message-ID or request header, then the report's own references.</summary>
    static (Guid Id, string By)? Tie(Guid? envelopeId, MimeMessage? returned, MimeMessage report)
    {
        if (envelopeId is { } envid)
        {
            return (envid, "envid");
        }

        if (RequestReference.FromMessageId(returned?.MessageId is { } mid ? $"<{mid}>" : null) is { } byMessageId)
        {
            return (byMessageId, "message-id");
        }

        if (returned?.Headers[RequestReference.RequestIdHeader] is { } header && Guid.TryParse(header.Trim(), out var byHeader))
        {
            return (byHeader, "header");
        }

        return report.InReplyTo is { } inReplyTo && RequestReference.FromMessageId($"<{inReplyTo}>") is { } byReply ? (byReply, "message-id")
            : report.References.Select(r => RequestReference.FromMessageId($"<{r}>")).FirstOrDefault(r => r is not null) is { } byReference ? (byReference, "message-id")
            : null;
    }

    static UnprocessableReport NoTie() => new("no ENVID, Message-ID or X-Queue-Request-Id ties it to a message Queue sent");

    /// <summary>The returned message or its headers (message/rfc822, text/rfc822-headers, message/rfc822-headers).</summary>
    static MimeMessage? Returned(MultipartReport report) =>
        report.OfType<MessagePart>().Select(p => p.Message).FirstOrDefault(m => m is not null)
        ?? report.OfType<MimePart>().Where(p => p.ContentType.IsMimeType("message", "rfc822-headers") || p.ContentType.IsMimeType("text", "rfc822-headers"))
            .Select(HeadersOf).FirstOrDefault(m => m is not null);

    static MimeMessage? HeadersOf(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        content.Write("\r\n\r\n"u8);
        content.Position = 0;
        return new MimeParser(content, MimeFormat.Entity).ParseMessage();
    }

    static bool IsAutoReply(MimeMessage message)
    {
        var auto = message.Headers["Auto-Submitted"]?.Trim().ToLowerInvariant();
        return auto is not null && auto.StartsWith("auto-replied", StringComparison.Ordinal)
            || message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond")
            || message.Headers["Precedence"]?.Trim().Equals("auto_reply", StringComparison.OrdinalIgnoreCase) == true
            || message.Headers["X-Auto-Response-Suppress"] is not null && AutoReplySubject().IsMatch(message.Subject ?? "")
            || AutoReplySubject().IsMatch(message.Subject ?? "");
    }

    static bool LooksLikeBounce(MimeMessage message) =>
        message.From.Mailboxes.Any(m => BounceSender().IsMatch(m.Address)) || BounceSubject().IsMatch(message.Subject ?? "");

    /// <summary>The line that carries the status code or the reason, e.g. Exchange's "Remote Server returned '550 5.1.10 ...'".</summary>
    static string? DiagnosticLine(string text, string? status)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var line = status is not null ? lines.FirstOrDefault(l => l.Contains(status, StringComparison.Ordinal)) : null;
        line ??= lines.FirstOrDefault(l => SmtpReply().IsMatch(l));
        return line is null ? null : line.Length > 400 ? line[..400] : line;
    }

    static string? Html(string? html) => html is null ? null : WebUtility.HtmlDecode(Tags().Replace(Breaks().Replace(html, "\n"), " "));

    static string? Id(MimeMessage message) => message.MessageId is { Length: > 0 } id ? $"<{id}>" : null;

    /// <summary>"rfc822; ana@example.org" → "ana@example.org"; "smtp; 550 ..." → "550 ...".</summary>
    static string? Typed(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var semicolon = value.IndexOf(';');
        var text = Regex.Replace(semicolon >= 0 ? value[(semicolon + 1)..] : value, @"\s+", " ").Trim();
        return text.Length == 0 ? null : text;
    }

    static string? Address(string? value) =>
        Typed(value) is { } text && MailboxAddress.TryParse(text, out var mailbox) ? mailbox.Address.ToLowerInvariant() : null;

    static bool Is(string? reportType, string expected) => string.Equals(reportType?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(mailer-daemon|postmaster|mail-daemon|microsoftexchange[0-9a-f]*)@", RegexOptions.IgnoreCase)]
    private static partial Regex BounceSender();

    [GeneratedRegex(@"undeliver|undelivered mail|delivery status notification|delivery (has )?fail|mail delivery failed|returned mail|failure notice|could not be delivered|no se (pudo|puede) entregar|no entregado", RegexOptions.IgnoreCase)]
    private static partial Regex BounceSubject();

    [GeneratedRegex(@"^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|respuesta autom[aá]tica|fuera de la oficina|ausente|vacaciones)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AutoReplySubject();

    [GeneratedRegex(@"\b[45]\d\d[ -][45]?\.?")]
    private static partial Regex SmtpReply();

    [GeneratedRegex(@"<?[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+>?")]
    private static partial Regex Addresses();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"<(br|/p|/div|/tr|/li)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();
}
