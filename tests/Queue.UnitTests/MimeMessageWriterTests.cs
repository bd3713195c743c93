using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Queue.Contracts;
using Queue.Sending.Composition;
using Queue.Sending.Transport.Mime;
using Queue.Sending.Validation;

namespace Queue.UnitTests;

public partial class MimeMessageWriterTests
{
    static OutgoingMail Compose(SendEmail request) =>
        TestRequests.Composer().Compose(request, TestRequests.Senders().All.Single());

    static string Write(OutgoingMail mail)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MimeMessageWriter.Write(mail, buffer);
        var bytes = buffer.WrittenSpan;
        Assert.True(bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0, "the message is 7-bit");
        return Encoding.ASCII.GetString(bytes);
    }

    static string Headers(string message) =>
        Regex.Replace(message[..message.IndexOf("\r\n\r\n", StringComparison.Ordinal)], "\r\n[ \t]+", " ");

    /// <summary>The decoded value of a header, as a reader would show it.</summary>
    static string Decoded(string message, string name)
    {
        var value = Regex.Match(Headers(message), $"(?m)^{name}: ([^\r\n]*)").Groups[1].Value;
        value = Regex.Replace(value, @"(\?=)\s+(=\?)", "$1$2");
        return EncodedWord().Replace(value, m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)));
    }

    static string QuotedPrintableDecode(string encoded)
    {
        var bytes = new List<byte>();
        var text = encoded.Replace("=\r\n", "");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=')
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    static void AssertWellFormed(string message)
    {
        Assert.DoesNotMatch("\r(?!\n)|(?<!\r)\n", message);
        Assert.All(message.Split("\r\n"), line => Assert.True(line.Length <= 998, $"a line of {line.Length} octets"));
        Assert.EndsWith("\r\n", message);
    }

    [Fact]
    public void Sets_message_id_date_and_addresses_and_leaves_bcc_out()
    {
        var message = Write(Compose(TestRequests.Valid() with { Cc = ["luis@pasto.gov.co"], Bcc = ["x@pasto.gov.co"], ReplyTo = ["secretarias@pasto.gov.co"] }));

        var headers = Headers(message);
        Assert.Contains("Message-ID: <6f1c2a7e000040008000000000000001@pasto.gov.co>\r\n", headers + "\r\n");
        Assert.Matches("(?m)^Date: Sun, 22 Nov 2026 15:00:00 \\+0000\r?$", headers);
        Assert.Equal("Comunicación Interna <intranet@pasto.gov.co>", Decoded(message, "From"));
        Assert.Equal("Ana Pérez <ana.perez@pasto.gov.co>", Decoded(message, "To"));
        Assert.Equal("luis@pasto.gov.co", Decoded(message, "Cc"));
        Assert.Equal("secretarias@pasto.gov.co", Decoded(message, "Reply-To"));
        Assert.Matches("(?m)^MIME-Version: 1.0\r?$", headers);
        Assert.Contains("X-Queue-Request-Id: 6f1c2a7e-0000-4000-8000-000000000001", headers);
        Assert.DoesNotContain("x@pasto.gov.co", message);
        Assert.DoesNotContain("Bcc", message, StringComparison.OrdinalIgnoreCase);
        AssertWellFormed(message);
    }

    [Fact]
    public void Text_and_html_become_alternatives_plain_first()
    {
        var message = Write(Compose(TestRequests.Valid() with { HtmlBody = "<p>Hola</p>" }));

        Assert.Matches("Content-Type: multipart/alternative;\r\n boundary=\"=_[0-9a-f]{32}\"", message);
        var plain = message.IndexOf("Content-Type: text/plain; charset=utf-8", StringComparison.Ordinal);
        var html = message.IndexOf("Content-Type: text/html; charset=utf-8", StringComparison.Ordinal);
        Assert.InRange(plain, 0, html);
        Assert.Contains("Buenos d=C3=ADas.", message);
        Assert.Contains("<p>Hola</p>", message);
        AssertWellFormed(message);
    }

    [Fact]
    public void Html_only_is_the_body()
    {
        var message = Write(Compose(TestRequests.Valid() with { TextBody = null, HtmlBody = "<p>Hola</p>" }));

        Assert.DoesNotContain("multipart", message);
        Assert.Contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Hola</p>\r\n", message);
    }

    [Fact]
    public void Attachments_keep_name_and_type_and_travel_as_base64_lines_of_76()
    {
        var content = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var file = new EmailAttachment { FileName = "resolución 12.pdf", ContentType = "application/pdf", Content = content };
        var message = Write(Compose(TestRequests.Valid() with { Attachments = [file], HtmlBody = "<p>x</p>" }));

        var mixed = Regex.Match(message, "multipart/mixed;\r\n boundary=\"(=_[0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(mixed);
        Assert.Contains("multipart/alternative", message);
        Assert.Contains("Content-Type: application/pdf;\r\n name*=utf-8''resoluci%C3%B3n%2012.pdf\r\n", message);
        Assert.Contains("Content-Disposition: attachment;\r\n filename*=utf-8''resoluci%C3%B3n%2012.pdf\r\n", message);
        var body = message[(message.IndexOf("Content-Transfer-Encoding: base64\r\n\r\n", StringComparison.Ordinal) + 37)..message.LastIndexOf($"--{mixed}--", StringComparison.Ordinal)];
        var lines = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines[..^1], line => Assert.Equal(76, line.Length));
        Assert.Equal(content, Convert.FromBase64String(string.Concat(lines)));
        Assert.EndsWith($"--{mixed}--\r\n", message);
        AssertWellFormed(message);
    }

    [Fact]
    public void A_long_non_ascii_file_name_is_split_into_rfc_2231_sections()
    {
        var name = string.Concat(Enumerable.Repeat("acta de reunión ", 8)) + ".pdf";
        var file = new EmailAttachment { FileName = name, ContentType = "not a type", Content = [1] };
        var message = Write(Compose(TestRequests.Valid() with { Attachments = [file] }));

        Assert.Contains("Content-Type: application/octet-stream;\r\n name*0*=utf-8''acta", message);
        var sections = Regex.Matches(message, @"filename\*(\d+)\*=(?:utf-8'')?([^;\r]+)").Select(m => m.Groups[2].Value);
        Assert.Equal(name, Uri.UnescapeDataString(string.Concat(sections)));
        AssertWellFormed(message);
    }

    [Fact]
    public void A_non_ascii_subject_becomes_encoded_words_folded_within_78_characters()
    {
        var subject = string.Concat(Enumerable.Repeat("Convocatoria a la reunión de coordinación del año ", 4)).Trim();
        var message = Write(Compose(TestRequests.Valid() with { Subject = subject }));

        var header = Regex.Match(message, "(?m)^Subject: .*\r\n( .*\r\n)*").Value;
        Assert.All(header.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), line => Assert.InRange(line.Length, 1, 78));
        Assert.Contains("=?utf-8?B?", header);
        Assert.All(Regex.Matches(header, @"=\?utf-8\?B\?[^?]*\?=").Select(m => m.Value), word => Assert.True(word.Length <= 75));
        Assert.Equal(subject, Decoded(message, "Subject"));
        Assert.Contains("Subject: Convocatoria a la", message);
    }

    [Fact]
    public void An_ascii_subject_is_folded_at_spaces_and_a_word_too_long_to_fold_is_encoded()
    {
        var longWord = new string('x', 120);
        var subject = $"Informe mensual de actividades de la Secretaría General {longWord} fin";
        var message = Write(Compose(TestRequests.Valid() with { Subject = subject }));

        Assert.Equal(subject, Decoded(message, "Subject"));
        var header = Regex.Match(message, "(?m)^Subject: .*\r\n( .*\r\n)*").Value;
        Assert.All(header.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), line => Assert.InRange(line.Length, 1, 78));
    }

    [Fact]
    public void A_display_name_with_specials_is_quoted()
    {
        var mail = Compose(TestRequests.Valid()) with { To = [new Mailbox("ana@pasto.gov.co", "Pérez, Ana"), new Mailbox("luis@pasto.gov.co", "Gómez, \"Lucho\" L.")] };
        var message = Write(mail);

        Assert.Equal("Pérez, Ana <ana@pasto.gov.co>, Gómez, \"Lucho\" L. <luis@pasto.gov.co>", Decoded(message, "To"));
        var plain = Write(Compose(TestRequests.Valid()) with { To = [new Mailbox("ana@pasto.gov.co", "Secretaria (Pasto), \"A\"")] });
        Assert.Contains("To: \"Secretaria (Pasto), \\\"A\\\"\" <ana@pasto.gov.co>", plain);
    }

    [Fact]
    public void Quoted_printable_breaks_long_lines_softly_and_keeps_hard_breaks()
    {
        var text = new string('a', 100) + " \r\n" + string.Concat(Enumerable.Repeat("ñ", 40)) + "\n.\nfin =";
        var message = Write(Compose(TestRequests.Valid() with { TextBody = text }));

        var body = message[(message.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.All(body.Split("\r\n"), line => Assert.True(line.Length <= 76, line));
        Assert.Contains("=20\r\n", body);
        Assert.Contains("\r\n.\r\n", body);
        Assert.Equal(text.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n", QuotedPrintableDecode(body));
        AssertWellFormed(message);
    }

    [Fact]
    public void A_line_of_thousands_of_characters_never_makes_a_line_over_998_octets()
    {
        var message = Write(Compose(TestRequests.Valid() with { HtmlBody = "<p>" + new string('x', 5000) + "</p>", Subject = new string('y', 2000) }));

        AssertWellFormed(message);
    }

    [Theory]
    [InlineData("Subject", "Hola\r\nBcc: todos@pasto.gov.co")]
    [InlineData("List-Unsubscribe", "<https://x>\nBcc: todos@pasto.gov.co")]
    public void A_header_value_with_a_line_break_is_refused(string header, string value)
    {
        var mail = Compose(TestRequests.Valid());
        mail = header == "Subject" ? mail with { Subject = value } : mail with { Headers = [new(header, value)] };

        Assert.Throws<ArgumentException>(() => Write(mail));
    }

    [Fact]
    public void Boundaries_differ_between_messages()
    {
        var request = TestRequests.Valid() with { HtmlBody = "<p>x</p>" };
        static string Boundary(string m) => Regex.Match(m, "boundary=\"([^\"]+)\"").Groups[1].Value;

        Assert.NotEqual(Boundary(Write(Compose(request))), Boundary(Write(Compose(request))));
    }

    [GeneratedRegex(@"=\?utf-8\?B\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
