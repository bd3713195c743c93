using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Validation;

namespace Queue.Sending.Composition;

/// <summary>Turns a validated <see cref="SendEmail"/> into the message that goes out.</summary>
public sealed class MailComposer(TimeProvider clock)
{
    public const string RequestIdHeader = "X-Queue-Request-Id";

    /// <summary>
    /// The Message-ID derives from the RequestId, so a retried send carries the same id and receivers can
    /// discard a duplicate. Each recipient appears once: To wins over Cc, Cc over Bcc.
    /// </summary>
    public OutgoingMail Compose(SendEmail request, SenderAccount sender)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var requested = Parse(request.From);
        return new OutgoingMail
        {
            RequestId = request.RequestId,
            From = requested with { Address = sender.Address, DisplayName = requested.DisplayName ?? sender.DisplayName },
            To = Distinct(request.To, seen),
            Cc = Distinct(request.Cc, seen),
            Bcc = Distinct(request.Bcc, seen),
            ReplyTo = Distinct(request.ReplyTo, new HashSet<string>(StringComparer.OrdinalIgnoreCase)),
            Subject = request.Subject.Trim(),
            TextBody = request.TextBody,
            HtmlBody = request.HtmlBody,
            Attachments = request.Attachments ?? [],
            MessageId = $"<{request.RequestId:N}@{sender.Domain}>",
            Date = clock.GetUtcNow(),
            Headers = [new(RequestIdHeader, request.RequestId.ToString())],
        };
    }

    static List<Mailbox> Distinct(IReadOnlyList<string>? addresses, HashSet<string> seen) =>
        (addresses ?? []).Select(Parse).Where(m => seen.Add(m.Address)).ToList();

    static Mailbox Parse(string address) =>
        Mailbox.TryParse(address, out var mailbox, out var error)
            ? mailbox
            : throw new ArgumentException($"compose a validated request only: {error.Message}", nameof(address));
}
