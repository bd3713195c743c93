using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Ledger;
using Queue.Sending.Transport.Smtp;

namespace Queue.UnitTests;

/// <summary>
/// The in-flight lease follows the message's own size: it outlasts the worst case of sending that message, measured
/// as the SMTP client measures it, and a small message's claim left by a dead dispatcher runs out long before a
/// large one's would.
/// </summary>
public class SendLeaseTests
{
    static readonly DkimSigning Dkim = new([new DkimOptions
    {
        Domain = "pasto.gov.co", Selector = "queue2026", PrivateKey = RSA.Create(4096).ExportRSAPrivateKeyPem(),
    }]);

    static readonly SmtpTimeouts Short = new(
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 50_000, TimeSpan.FromSeconds(30));

    static SmtpRoute Route(SmtpTimeouts timeouts) => new("smtp.example.org", 587, SmtpSecurity.StartTls, null, timeouts, 4);

    static OutgoingMail Compose(SendEmail request) => TestRequests.Composer().Compose(request, TestRequests.Senders().All.Single());

    static readonly string Spanish = "Señora Muñoz: la reunión del año será en Pasto, con café y buñuelos. ";

    public static TheoryData<string, SendEmail> Shapes() => new()
    {
        { "small, ASCII", TestRequests.Valid() with { Subject = "Reunion", TextBody = "Buenos dias." } },
        { "Spanish text and HTML", TestRequests.Valid() with { TextBody = string.Concat(Enumerable.Repeat(Spanish, 200)), HtmlBody = $"<p>{string.Concat(Enumerable.Repeat(Spanish, 200))}</p>" } },
        { "every byte escaped", TestRequests.Valid() with { TextBody = new string('ñ', 20_000), HtmlBody = string.Concat(Enumerable.Repeat("😀 ", 5_000)) } },
        { "lines that start with a dot and bare line feeds", TestRequests.Valid() with { TextBody = string.Concat(Enumerable.Repeat(".\n. x\n\n", 3_000)) } },
        {
            "many named recipients, a long subject",
            TestRequests.Valid() with
            {
                Subject = string.Concat(Enumerable.Repeat("Convocatoria a la sesión extraordinaria ", 8)),
                To = Enumerable.Range(0, 40).Select(i => $"Funcionaria Pérez Núñez {i} <persona{i}@pasto.gov.co>").ToList(),
                Cc = Enumerable.Range(0, 20).Select(i => $"\"Oficina, Nº {i}\" <oficina{i}@pasto.gov.co>").ToList(),
                ReplyTo = ["Secretaría General <secretarias@pasto.gov.co>"],
            }
        },
        {
            "attachments with names not in ASCII",
            TestRequests.Valid() with
            {
                Attachments =
                [
                    new EmailAttachment { FileName = "Resolución Nº 123 de 2026 – anexo técnico.pdf", ContentType = "application/pdf", Content = RandomBytes(300_001) },
                    new EmailAttachment { FileName = "acta.txt", ContentType = "text/plain", Content = RandomBytes(7) },
                ],
            }
        },
        { "mass mail with its unsubscribe headers", TestRequests.Valid() with { Category = EmailCategory.Mass } },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_bound_is_never_below_the_size_the_client_measures_dkim_signature_included(string shape, SendEmail request)
    {
        var mail = Compose(request);

        var measured = Measured(mail);

        Assert.True(MessageSize.UpperBound(mail) >= measured, $"{shape}: bound {MessageSize.UpperBound(mail):N0} below the {measured:N0} bytes sent");
    }

    [Fact]
    public void The_bound_stays_close_to_the_real_size_so_the_lease_is_not_the_largest_message_s()
    {
        var small = Compose(TestRequests.Valid());
        var large = Compose(TestRequests.Valid() with
        {
            Attachments = [new EmailAttachment { FileName = "informe.pdf", ContentType = "application/pdf", Content = RandomBytes(5_000_000) }],
        });

        // Small: what the bound adds is under a second of content at the slowest rate; large: a few percent.
        Assert.InRange(MessageSize.UpperBound(small) - Measured(small), 0, 50_000);
        Assert.InRange((double)MessageSize.UpperBound(large) / Measured(large), 1, 1.02);
    }

    [Fact]
    public void A_send_that_takes_every_phase_to_its_limit_ends_before_its_lease()
    {
        var clock = new FakeTimeProvider(TestRequests.Now);
        var mail = Compose(TestRequests.Valid() with
        {
            Attachments = [new EmailAttachment { FileName = "informe.pdf", ContentType = "application/pdf", Content = RandomBytes(2_000_000) }],
        });
        var leaseEnds = clock.GetUtcNow() + SendLease.For(mail, Route(SmtpTimeouts.Default));
        using var deadline = new SmtpDeadline(SmtpTimeouts.Default, clock, CancellationToken.None);

        // A pooled session found closed at MAIL FROM, a new one (connect, login), the envelope, DATA, the content as
        // the client measures it, the final reply: each phase lasts a millisecond short of its limit.
        var content = Measured(mail);
        foreach (var (phase, bytes) in new[]
        {
            (SmtpPhase.Command, 0L), (SmtpPhase.Connect, 0L), (SmtpPhase.Command, 0L), (SmtpPhase.Command, 0L), (SmtpPhase.Command, 0L),
            (SmtpPhase.Data, content), (SmtpPhase.FinalReply, 0L),
        })
        {
            deadline.Enter(phase, bytes);
            clock.Advance(deadline.Limit - TimeSpan.FromMilliseconds(1));
            Assert.False(deadline.Expired);
        }

        // The send's last moment still leaves the margin for recording its outcome before another copy may start.
        Assert.True(clock.GetUtcNow() + SendLease.Margin <= leaseEnds);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(deadline.Expired);
    }

    [Fact]
    public void A_small_message_left_by_a_dead_dispatcher_waits_out_its_own_worst_case_not_the_largest_message_s()
    {
        var small = Compose(TestRequests.Valid());
        var largest = Compose(TestRequests.Valid() with
        {
            // About the largest request validation lets through (Validation:MaxMessageBytes, 25 MiB estimated).
            Attachments = [new EmailAttachment { FileName = "planos.pdf", ContentType = "application/pdf", Content = new byte[19_000_000] }],
        });

        // The default timeouts: the 10-minute final reply (RFC 5321 §4.5.3.2) and four 60 s commands are most of it.
        var smallLease = SendLease.For(small, Route(SmtpTimeouts.Default));
        Assert.InRange(smallLease, TimeSpan.FromMinutes(15.5), TimeSpan.FromMinutes(16));
        Assert.InRange(SendLease.For(largest, Route(SmtpTimeouts.Default)), TimeSpan.FromMinutes(24), TimeSpan.FromMinutes(25));

        // With a relay's short timeouts, within two minutes.
        Assert.InRange(SendLease.For(small, Route(Short)), TimeSpan.FromMinutes(1.5), TimeSpan.FromMinutes(2));
    }

    /// <summary>What the SMTP client measures and sends: the message as built, DKIM-signed, with CRLF line ends.</summary>
    static long Measured(OutgoingMail mail)
    {
        var message = MimeMessageBuilder.Build(mail);
        Dkim.Sign(message, mail.From.Domain);
        Assert.True(message.Headers.Contains(HeaderId.DkimSignature));
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.Length;
    }

    static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}
