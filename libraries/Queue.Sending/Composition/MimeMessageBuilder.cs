using MimeKit;
using Queue.Sending.Validation;

namespace Queue.Sending.Composition;

/// <summary>
/// The RFC 5322 / MIME form of an <see cref="OutgoingMail"/>, built by MimeKit: bodies as quoted-printable UTF-8
/// (7-bit clean, so no relay re-encodes what DKIM signed), attachments as base64. Bcc never appears in the
/// headers: it is only in the envelope (RCPT TO).
/// </summary>
public static class MimeMessageBuilder
{
    /// <summary>Headers built from the message itself, which an extra header may not repeat.</summary>
    static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Subject", "Message-ID", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
    };

    /// <exception cref="ArgumentException">An extra header repeats one built from the message, or a header value has a line break.</exception>
    public static MimeMessage Build(OutgoingMail mail)
    {
        RefuseLineBreak("Subject", mail.Subject);
        var message = new MimeMessage { Date = mail.Date, Subject = mail.Subject, MessageId = mail.MessageId.Trim('<', '>') };
        message.From.Add(Address(mail.From));
        message.To.AddRange(mail.To.Select(Address));
        message.Cc.AddRange(mail.Cc.Select(Address));
        message.ReplyTo.AddRange(mail.ReplyTo.Select(Address));
        foreach (var (name, value) in mail.Headers)
        {
            if (OwnHeaders.Contains(name))
            {
                throw new ArgumentException($"header {name} is written from the message itself, not as an extra header", nameof(mail));
            }

            RefuseLineBreak(name, value);

            message.Headers.Add(name, value);
        }

        var body = Body(mail);
        if (mail.Attachments.Count > 0)
        {
            var mixed = new Multipart("mixed") { body };
            foreach (var attachment in mail.Attachments)
            {
                mixed.Add(new MimePart(ContentType.TryParse(attachment.ContentType, out var type) ? type : new ContentType("application", "octet-stream"))
                {
                    Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = attachment.FileName,
                });
            }

            body = mixed;
        }

        message.Body = body;
        return message;
    }

    /// <summary>Validation refuses control characters already; this refuses again what could add a header of its own.</summary>
    static void RefuseLineBreak(string name, string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"header {name} has a line break", nameof(value));
        }
    }

    /// <summary>The text, the HTML, or both as alternatives (plain text first: the last is the preferred).</summary>
    static MimeEntity Body(OutgoingMail mail) => (mail.TextBody, mail.HtmlBody) switch
    {
        ({ } text, { } html) => new MultipartAlternative { Text("plain", text), Text("html", html) },
        (null, { } html) => Text("html", html),
        var (text, _) => Text("plain", text ?? ""),
    };

    static TextPart Text(string subtype, string text)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText("utf-8", text);
        return part;
    }

    /// <summary>The address is a validated one (ASCII domain), so MimeKit only has to carry it.</summary>
    public static MailboxAddress Address(Mailbox mailbox) => new(mailbox.DisplayName ?? "", mailbox.Address);
}
