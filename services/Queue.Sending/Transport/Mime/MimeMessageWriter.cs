using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Queue.Sending.Composition;

namespace Queue.Sending.Transport.Mime;

/// <summary>
/// Writes an <see cref="OutgoingMail"/> as RFC 5322 / MIME bytes: CRLF line ends, no line over 998 octets,
/// bodies as quoted-printable UTF-8, attachments as base64. Bcc never appears: it is only in the envelope.
/// </summary>
static partial class MimeMessageWriter
{
    // Bytes of an attachment per base64 line: 57 bytes make the 76 characters RFC 2045 allows.
    const int Base64LineBytes = 57;

    /// <summary>Headers this writer sets itself, which an extra header may not repeat.</summary>
    static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Subject", "Message-ID", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
    };

    public static void Write(OutgoingMail mail, IBufferWriter<byte> output)
    {
        HeaderWriter.WriteRaw(output, "Date", FormatDate(mail.Date));
        HeaderWriter.WriteAddresses(output, "From", [mail.From]);
        if (mail.To.Count > 0)
        {
            HeaderWriter.WriteAddresses(output, "To", mail.To);
        }

        if (mail.Cc.Count > 0)
        {
            HeaderWriter.WriteAddresses(output, "Cc", mail.Cc);
        }

        if (mail.ReplyTo.Count > 0)
        {
            HeaderWriter.WriteAddresses(output, "Reply-To", mail.ReplyTo);
        }

        HeaderWriter.WriteText(output, "Subject", mail.Subject);
        HeaderWriter.WriteRaw(output, "Message-ID", mail.MessageId);
        HeaderWriter.WriteRaw(output, "MIME-Version", "1.0");
        foreach (var (name, value) in mail.Headers)
        {
            if (OwnHeaders.Contains(name))
            {
                throw new ArgumentException($"header {name} is written from the message itself, not as an extra header", nameof(mail));
            }

            HeaderWriter.WriteRaw(output, name, value);
        }

        if (mail.Attachments.Count == 0)
        {
            WriteBody(mail, output);
            return;
        }

        var boundary = NewBoundary();
        WriteMultipartHeader(output, "mixed", boundary);
        WriteDelimiter(output, boundary);
        WriteBody(mail, output);
        foreach (var attachment in mail.Attachments)
        {
            WriteDelimiter(output, boundary);
            var type = ContentTypePattern().IsMatch(attachment.ContentType) ? attachment.ContentType : "application/octet-stream";
            WriteParameterHeader(output, "Content-Type", type, MimeParameter.Format("name", attachment.FileName));
            WriteParameterHeader(output, "Content-Disposition", "attachment", MimeParameter.Format("filename", attachment.FileName));
            HeaderWriter.WriteUtf8(output, "Content-Transfer-Encoding: base64\r\n\r\n");
            WriteBase64(attachment.Content, output);
        }

        WriteClose(output, boundary);
    }

    /// <summary>The text, the HTML, or both as alternatives (plain text first: the last is the preferred).</summary>
    static void WriteBody(OutgoingMail mail, IBufferWriter<byte> output)
    {
        if (mail.TextBody is not null && mail.HtmlBody is not null)
        {
            var boundary = NewBoundary();
            WriteMultipartHeader(output, "alternative", boundary);
            WriteDelimiter(output, boundary);
            WriteTextPart(output, "plain", mail.TextBody);
            WriteDelimiter(output, boundary);
            WriteTextPart(output, "html", mail.HtmlBody);
            WriteClose(output, boundary);
        }
        else if (mail.HtmlBody is not null)
        {
            WriteTextPart(output, "html", mail.HtmlBody);
        }
        else
        {
            WriteTextPart(output, "plain", mail.TextBody ?? "");
        }
    }

    static void WriteTextPart(IBufferWriter<byte> output, string subtype, string text)
    {
        HeaderWriter.WriteUtf8(output, $"Content-Type: text/{subtype}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
        QuotedPrintable.Write(text, output);
    }

    static void WriteMultipartHeader(IBufferWriter<byte> output, string subtype, string boundary) =>
        HeaderWriter.WriteUtf8(output, $"Content-Type: multipart/{subtype};\r\n boundary=\"{boundary}\"\r\n\r\n");

    // Every part ends in CRLF, which serves as the CRLF a delimiter line begins with.
    static void WriteDelimiter(IBufferWriter<byte> output, string boundary) => HeaderWriter.WriteUtf8(output, $"--{boundary}\r\n");

    static void WriteClose(IBufferWriter<byte> output, string boundary) => HeaderWriter.WriteUtf8(output, $"--{boundary}--\r\n");

    static void WriteParameterHeader(IBufferWriter<byte> output, string name, string value, IEnumerable<string> parameters)
    {
        HeaderWriter.WriteUtf8(output, $"{name}: {value}");
        foreach (var parameter in parameters)
        {
            HeaderWriter.WriteUtf8(output, $";\r\n {parameter}");
        }

        HeaderWriter.WriteUtf8(output, "\r\n");
    }

    static void WriteBase64(ReadOnlySpan<byte> content, IBufferWriter<byte> output)
    {
        for (var offset = 0; offset < content.Length; offset += Base64LineBytes)
        {
            var chunk = content.Slice(offset, Math.Min(Base64LineBytes, content.Length - offset));
            var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(chunk.Length) + 2);
            Base64.EncodeToUtf8(chunk, span, out _, out var written);
            span[written++] = (byte)'\r';
            span[written++] = (byte)'\n';
            output.Advance(written);
        }
    }

    /// <summary>
    /// "=_" cannot occur in quoted-printable (which writes '=' as "=3D") nor in base64, so no part's content can
    /// contain the boundary; the random rest keeps nested boundaries apart.
    /// </summary>
    static string NewBoundary() => $"=_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + $"{sign}{offset.Hours:00}{offset.Minutes:00}";
    }

    [GeneratedRegex(@"^[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}$")]
    private static partial Regex ContentTypePattern();
}
