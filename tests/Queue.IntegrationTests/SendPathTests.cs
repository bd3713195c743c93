using System.Text;
using Queue.Contracts;

namespace Queue.IntegrationTests;

/// <summary>A request published on the bus reaches the SMTP sink intact, with its lifecycle events.</summary>
public class SendPathTests(DispatcherFixture dispatcher) : IClassFixture<DispatcherFixture>
{
    [Fact]
    public async Task A_request_published_with_MassTransit_arrives_at_the_sink_intact()
    {
        var request = DispatcherFixture.Request("Reunión de coordinación") with
        {
            To = ["Ana Pérez <ana.perez@pasto.gov.co>", "luis.gomez@pasto.gov.co"],
            Cc = ["Secretaría <secretarias@pasto.gov.co>"],
            Bcc = ["archivo@pasto.gov.co"],
            ReplyTo = ["soportesistemas@pasto.gov.co"],
            TextBody = "Buenos días.\r\nLa reunión es el lunes a las 9:00.\r\n.\r\nUna línea con solo un punto, arriba.",
            HtmlBody = "<p>Buenos días.</p><p>La reunión es el <b>lunes</b>.</p>",
            Attachments = [new EmailAttachment { FileName = "orden del día.pdf", ContentType = "application/pdf", Content = Encoding.ASCII.GetBytes("%PDF-1.4 prueba") }],
            Category = EmailCategory.Operational,
            Priority = EmailPriority.Urgent,
            Tags = ["coordinación"],
        };

        await dispatcher.PublishAsync(request);

        var accepted = await dispatcher.Events.WaitForAsync<EmailAccepted>(request.RequestId);
        var sent = await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        var mail = Assert.Single(await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject));

        Assert.Equal(4, accepted.RecipientCount);
        Assert.Equal($"<{request.RequestId:N}@pasto.gov.co>", sent.MessageId);
        Assert.Equal(["ana.perez@pasto.gov.co", "luis.gomez@pasto.gov.co", "secretarias@pasto.gov.co", "archivo@pasto.gov.co"], sent.Recipients);
        Assert.StartsWith("250", sent.SmtpReply);

        Assert.Equal("intranet@pasto.gov.co", mail.From);
        Assert.Equal("Comunicación Interna - Alcaldía de Pasto", mail.FromName);
        Assert.Equal(["ana.perez@pasto.gov.co", "luis.gomez@pasto.gov.co"], mail.To);
        Assert.Equal(["secretarias@pasto.gov.co"], mail.Cc);
        Assert.Contains("archivo@pasto.gov.co", mail.EnvelopeTo);
        Assert.Equal(sent.MessageId, mail.Header("message-id"));
        Assert.Contains(request.RequestId.ToString(), mail.Header("x-queue-request-id"));
        var source = await dispatcher.Sink.SourceAsync(mail);
        var headers = source[..source.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain("archivo@pasto.gov.co", headers);
        Assert.Matches(@"(?m)^Date: (\w{3}, )?\d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\r?$", headers);
        Assert.Matches("(?m)^Reply-To: soportesistemas@pasto.gov.co\r?$", headers);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(headers, "(?m)^Message-ID:", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains("La reunión es el lunes a las 9:00.", mail.Text);
        Assert.Contains("\n.\n", mail.Text!.Replace("\r\n", "\n"));
        Assert.Contains("<b>lunes</b>", mail.Html);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("orden del día.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
    }

    [Fact]
    public async Task The_readme_raw_envelope_published_without_MassTransit_is_delivered()
    {
        var requestId = Guid.NewGuid();
        var subject = $"Circular 004: uso del correo institucional {requestId:N}";
        var envelope = RawEnvelopes.ReadmeExample(requestId, subject);

        await dispatcher.Events.PublishRawAsync("Queue.Contracts:SendEmail", envelope);

        var sent = await dispatcher.Events.WaitForAsync<EmailSent>(requestId);
        var mail = Assert.Single(await dispatcher.Sink.WaitForAsync(m => m.Subject == subject));
        Assert.Equal("secretarias@pasto.gov.co", mail.From);
        Assert.Equal(["funcionario@pasto.gov.co"], mail.To);
        Assert.Contains("Señores servidores públicos", mail.Text);
        Assert.Contains("<p>Señores servidores públicos", mail.Html);
        Assert.Equal(sent.MessageId, mail.Header("message-id"));
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal(("circular-004.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType));
    }

    [Fact]
    public async Task The_same_request_id_twice_is_sent_once_and_its_outcome_announced_each_time()
    {
        var request = DispatcherFixture.Request("Duplicado");

        await dispatcher.PublishAsync(request);
        var first = await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        await dispatcher.PublishAsync(request);
        await dispatcher.PublishAsync(request with { Subject = request.Subject });
        await dispatcher.WaitUntilIdleAsync();

        // The copies pass intake and are answered from the ledger in the lane, after the intake queue is empty.
        List<EmailSent> Announced() => dispatcher.Events.All<EmailSent>().Where(e => e.RequestId == request.RequestId).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Announced().Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Single(await dispatcher.Sink.WithSubjectAsync(request.Subject));
        var announced = Announced();
        Assert.Equal(3, announced.Count);
        Assert.All(announced, e => Assert.Equal((first.MessageId, first.SentAt), (e.MessageId, e.SentAt)));
    }

    [Fact]
    public async Task A_body_that_is_not_json_goes_to_the_error_queue_and_the_queue_keeps_flowing()
    {
        await dispatcher.Events.PublishRawAsync("Queue.Contracts:SendEmail", "{ this is not json");
        var next = DispatcherFixture.Request("Después del mensaje ilegible");
        await dispatcher.PublishAsync(next);

        await dispatcher.Events.WaitForAsync<EmailSent>(next.RequestId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await dispatcher.Management.DepthAsync(dispatcher.VirtualHost, $"{dispatcher.QueueName}_error") < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(1, await dispatcher.Management.DepthAsync(dispatcher.VirtualHost, $"{dispatcher.QueueName}_error"));
    }
}
