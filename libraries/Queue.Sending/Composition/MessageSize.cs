using System.Text;

namespace Queue.Sending.Composition;

/// <summary>
/// A bound on the size of a message as <see cref="MimeMessageBuilder"/> writes it (what the SMTP client measures and
/// the content's timeout grows with), from the <see cref="OutgoingMail"/> alone: its lease must cover that timeout
/// before the message is built. Never below the real size, so it errs on the side of a longer lease; unlike the
/// validator's estimate, which judges a request against a limit and should not refuse one that would fit.
/// </summary>
public static class MessageSize
{
    /// <summary>
    /// The fixed headers (Date, Message-ID, MIME-Version, content types), multipart boundaries and a DKIM-Signature
    /// (its b= alone is 684 characters with a 4096-bit key).
    /// </summary>
    const long FixedBytes = 8192;

    /// <summary>Each header or MIME part: its name, folding and the line breaks around it.</summary>
    const long PerPartBytes = 256;

    public static long UpperBound(OutgoingMail mail)
    {
        var bytes = FixedBytes;

        // Header text goes out as RFC 2047 encoded words when it is not ASCII: base64 of UTF-8 (4/3) with
        // "=?utf-8?b?…?=" around every chunk and a fold between them; four times the UTF-8 bytes covers it.
        bytes += 4 * Utf8(mail.Subject) + PerPartBytes;
        foreach (var mailbox in mail.To.Concat(mail.Cc).Concat(mail.ReplyTo).Append(mail.From))
        {
            bytes += 4 * (Utf8(mailbox.DisplayName) + Utf8(mailbox.Address)) + 8;
        }

        foreach (var (name, value) in mail.Headers)
        {
            bytes += 4 * (Utf8(name) + Utf8(value)) + PerPartBytes;
        }

        // Quoted-printable: at worst every byte becomes "=XX", 25 of them and a soft break ("=" CRLF) per 78-octet line.
        bytes += QuotedPrintable(Utf8(mail.TextBody)) + QuotedPrintable(Utf8(mail.HtmlBody));
        foreach (var attachment in mail.Attachments)
        {
            // Base64: 57 bytes to a 76-character line and its CRLF. The file name appears twice (name and filename),
            // RFC 2231-encoded when it is not ASCII (%XX per byte).
            bytes += (attachment.Content.LongLength + 56) / 57 * 78 + 6 * Utf8(attachment.FileName) + 4 * Utf8(attachment.ContentType) + PerPartBytes;
        }

        return bytes;
    }

    static long QuotedPrintable(long bytes) => (bytes + 24) / 25 * 78 + PerPartBytes;

    static long Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
