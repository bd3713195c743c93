using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Policy;
using Queue.Sending.Validation;

namespace Queue.Sending.Composition;

/// <summary>Turns a validated <see cref="SendEmail"/> into the message that goes out.</summary>
public sealed class MailComposer(TimeProvider clock, UnsubscribeLinks unsubscribe)
{
    public const string RequestIdHeader = "X-Queue-Request-Id";

    /// <summary>
    /// The Message-ID derives from the RequestId, so a retried send carries the same id and receivers can
    /// discard a duplicate. Each recipient appears once: To wins over Cc, Cc over Bcc.
    /// </summary>
    public OutgoingMail Compose(SendEmail request, SenderAccount sender)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var requested = Mailbox.Parse(request.From);
        var to = Distinct(request.To, seen);
        var cc = Distinct(request.Cc, seen);
        var bcc = Distinct(request.Bcc, seen);
        List<KeyValuePair<string, string>> headers = [new(RequestIdHeader, request.RequestId.ToString())];
        if (request.Category == EmailCategory.Mass && to.Count + cc.Count + bcc.Count == 1)
        {
            // Only mass mail offers to unsubscribe; confidential and notification mail must always arrive.
            headers.AddRange(unsubscribe.HeadersFor(sender.Domain, to.Concat(cc).Concat(bcc).Single().Address));
        }

        return new OutgoingMail
        {
            RequestId = request.RequestId,
            From = requested with { Address = sender.Address, DisplayName = requested.DisplayName ?? sender.DisplayName },
            To = to,
            Cc = cc,
            Bcc = bcc,
            ReplyTo = Distinct(request.ReplyTo, new HashSet<string>(StringComparer.OrdinalIgnoreCase)),
            Subject = request.Subject.Trim(),
            TextBody = request.TextBody,
            HtmlBody = request.HtmlBody,
            Attachments = request.Attachments ?? [],
            MessageId = $"<{request.RequestId:N}@{sender.Domain}>",
            Date = clock.GetUtcNow(),
            Headers = headers,
        };
    }

    static List<Mailbox> Distinct(IReadOnlyList<string>? addresses, HashSet<string> seen) =>
        (addresses ?? []).Select(Mailbox.Parse).Where(m => seen.Add(m.Address)).ToList();
}
