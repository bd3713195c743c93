using System.Text;
using MimeKit;
using Queue.Contracts;
using Queue.Sending.Composition;
using Queue.Sending.Validation;

namespace Queue.UnitTests;

/// <summary>What MimeKit is given to send: the message as MimeKit holds it, and as it goes on the wire.</summary>
public class MimeMessageBuilderTests
{
    static OutgoingMail Compose(SendEmail request) =>
        TestRequests.Composer().Compose(request, TestRequests.Senders().All.Single());

    static MimeMessage Build(SendEmail request) => MimeMessageBuilder.Build(Compose(request));

    /// <summary>The bytes as the SMTP client writes them: CRLF, 7-bit, no line over 998 octets.</summary>
    static string Wire(MimeMessage message)
    {
        using var stream = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(options, stream);
        var bytes = stream.ToArray();
        Assert.True(bytes.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0, "the message is 7-bit");
        var text = Encoding.ASCII.GetString(bytes);
        Assert.DoesNotMatch("\r(?!\n)|(?<!\r)\n", text);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 998, $"a line of {line.Length} octets"));
        return text;
    }

    /// <summary>The message as a receiver reads it back.</summary>
    static MimeMessage RoundTrip(MimeMessage message) => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(Wire(message))));

    [Fact]
    public void Sets_message_id_date_and_addresses_and_leaves_bcc_out()
    {
        var message = Build(TestRequests.Valid() with { Cc = ["luis@pasto.gov.co"], Bcc = ["x@pasto.gov.co"], ReplyTo = ["secretarias@pasto.gov.co"] });

        var read = RoundTrip(message);
        Assert.Equal("6f1c2a7e000040008000000000000001@pasto.gov.co", read.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero), read.Date);
        Assert.Equal("\"Comunicación Interna\" <intranet@pasto.gov.co>", read.From.ToString());
        Assert.Equal("\"Ana Pérez\" <ana.perez@pasto.gov.co>", read.To.ToString());
        Assert.Equal("luis@pasto.gov.co", read.Cc.ToString());
        Assert.Equal("secretarias@pasto.gov.co", read.ReplyTo.ToString());
        Assert.Equal("1.0", read.Headers[HeaderId.MimeVersion]);
        Assert.Equal("6f1c2a7e-0000-4000-8000-000000000001", read.Headers[MailComposer.RequestIdHeader]);
        Assert.Empty(read.Bcc);
        Assert.DoesNotContain("x@pasto.gov.co", Wire(message));
    }

    [Fact]
    public void Text_and_html_become_alternatives_plain_first_as_quoted_printable_utf8()
    {
        var message = Build(TestRequests.Valid() with { HtmlBody = "<p>Hola</p>" });

        var alternative = Assert.IsType<MultipartAlternative>(RoundTrip(message).Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.All(alternative.Cast<TextPart>(), p =>
        {
            Assert.Equal(ContentEncoding.QuotedPrintable, p.ContentTransferEncoding);
            Assert.Equal("utf-8", p.ContentType.Charset);
        });
        Assert.StartsWith("Buenos días.", ((TextPart)alternative[0]).Text);
        Assert.Equal("<p>Hola</p>", ((TextPart)alternative[1]).Text.TrimEnd());
        Assert.Contains("Buenos d=C3=ADas.", Wire(message));
    }

    [Fact]
    public void Html_only_is_the_body()
    {
        var read = RoundTrip(Build(TestRequests.Valid() with { TextBody = null, HtmlBody = "<p>Hola</p>" }));

        var part = Assert.IsType<TextPart>(read.Body);
        Assert.True(part.IsHtml);
    }

    [Fact]
    public void Attachments_keep_name_type_and_bytes_and_travel_as_base64()
    {
        var content = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var file = new EmailAttachment { FileName = "resolución 12.pdf", ContentType = "application/pdf", Content = content };
        var message = Build(TestRequests.Valid() with { Attachments = [file], HtmlBody = "<p>x</p>" });

        var mixed = Assert.IsType<Multipart>(RoundTrip(message).Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        Assert.IsType<MultipartAlternative>(mixed[0]);
        var attachment = Assert.IsType<MimePart>(mixed[1]);
        Assert.True(attachment.IsAttachment);
        Assert.Equal("resolución 12.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        Assert.Equal(ContentEncoding.Base64, attachment.ContentTransferEncoding);
        using var decoded = new MemoryStream();
        attachment.Content!.DecodeTo(decoded);
        Assert.Equal(content, decoded.ToArray());
    }

    [Fact]
    public void A_content_type_that_is_not_one_becomes_octet_stream()
    {
        var file = new EmailAttachment { FileName = "acta.bin", ContentType = "not a type", Content = [1] };

        var mixed = Assert.IsType<Multipart>(RoundTrip(Build(TestRequests.Valid() with { Attachments = [file] })).Body);

        Assert.Equal("application/octet-stream", mixed[1].ContentType.MimeType);
    }

    [Fact]
    public void A_long_non_ascii_subject_is_encoded_and_folded_and_reads_back_the_same()
    {
        var subject = string.Concat(Enumerable.Repeat("Convocatoria a la reunión de coordinación del año ", 4)).Trim();
        var message = Build(TestRequests.Valid() with { Subject = subject });

        Assert.Equal(subject, RoundTrip(message).Subject);
        Assert.Contains("=?utf-8?", Wire(message), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_display_name_with_specials_reads_back_the_same()
    {
        var mail = Compose(TestRequests.Valid()) with { To = [new Mailbox("ana@pasto.gov.co", "Pérez, Ana"), new Mailbox("luis@pasto.gov.co", "Gómez, \"Lucho\" L.")] };

        var to = RoundTrip(MimeMessageBuilder.Build(mail)).To.Mailboxes.ToList();

        Assert.Equal(["Pérez, Ana", "Gómez, \"Lucho\" L."], to.Select(m => m.Name));
        Assert.Equal(["ana@pasto.gov.co", "luis@pasto.gov.co"], to.Select(m => m.Address));
    }

    [Fact]
    public void Lines_of_thousands_of_characters_and_lone_dots_survive_the_wire()
    {
        var text = new string('a', 5000) + " \r\n.\r\nfin =";
        var read = RoundTrip(Build(TestRequests.Valid() with { TextBody = text, Subject = new string('y', 2000) }));

        Assert.Equal(text.ReplaceLineEndings("\n"), ((TextPart)read.Body!).Text.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(new string('y', 2000), read.Subject);
    }

    [Theory]
    [InlineData("Subject", "Hola\r\nBcc: todos@pasto.gov.co")]
    [InlineData("List-Unsubscribe", "<https://x>\nBcc: todos@pasto.gov.co")]
    [InlineData("Message-ID", "<otro@pasto.gov.co>")]
    public void A_header_that_could_add_or_repeat_a_header_is_refused(string header, string value)
    {
        var mail = Compose(TestRequests.Valid());
        mail = header == "Subject" ? mail with { Subject = value } : mail with { Headers = [new(header, value)] };

        Assert.Throws<ArgumentException>(() => MimeMessageBuilder.Build(mail));
    }

    [Fact]
    public void Mass_mail_carries_its_unsubscribe_headers()
    {
        var message = Build(TestRequests.Valid() with { Category = EmailCategory.Mass, To = ["ana@pasto.gov.co"] });

        Assert.StartsWith("<https://", RoundTrip(message).Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", RoundTrip(message).Headers["List-Unsubscribe-Post"]);
    }
}
