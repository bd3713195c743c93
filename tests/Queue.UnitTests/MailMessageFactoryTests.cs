using Queue.Contracts;
using Queue.Sending.Composition;
using Queue.Sending.Transport;

namespace Queue.UnitTests;

public class MailMessageFactoryTests
{
    static OutgoingMail Compose(SendEmail request) =>
        TestRequests.Composer().Compose(request, TestRequests.Senders().All.Single());

    [Fact]
    public void Sets_message_id_and_addresses()
    {
        using var message = MailMessageFactory.Create(Compose(TestRequests.Valid() with { Cc = ["luis@pasto.gov.co"], Bcc = ["x@pasto.gov.co"], ReplyTo = ["secretarias@pasto.gov.co"] }));
        Assert.Equal("<6f1c2a7e000040008000000000000001@pasto.gov.co>", message.Headers["Message-ID"]);
        Assert.Equal("intranet@pasto.gov.co", message.From!.Address);
        Assert.Equal("Ana Pérez", message.To.Single().DisplayName);
        Assert.Equal("luis@pasto.gov.co", message.CC.Single().Address);
        Assert.Equal("x@pasto.gov.co", message.Bcc.Single().Address);
        Assert.Equal("secretarias@pasto.gov.co", message.ReplyToList.Single().Address);
    }

    [Fact]
    public void Text_and_html_become_alternatives()
    {
        using var message = MailMessageFactory.Create(Compose(TestRequests.Valid() with { HtmlBody = "<p>Hola</p>" }));
        Assert.Equal("Buenos días.", message.Body);
        Assert.False(message.IsBodyHtml);
        Assert.Equal("text/html", Assert.Single(message.AlternateViews).ContentType.MediaType);
    }

    [Fact]
    public void Html_only_is_the_body()
    {
        using var message = MailMessageFactory.Create(Compose(TestRequests.Valid() with { TextBody = null, HtmlBody = "<p>Hola</p>" }));
        Assert.True(message.IsBodyHtml);
        Assert.Empty(message.AlternateViews);
    }

    [Fact]
    public void Attachments_keep_name_and_type()
    {
        var file = new EmailAttachment { FileName = "resolución 12.pdf", ContentType = "application/pdf", Content = [1, 2, 3] };
        using var message = MailMessageFactory.Create(Compose(TestRequests.Valid() with { Attachments = [file] }));
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal("resolución 12.pdf", attachment.Name);
        Assert.Equal("application/pdf", attachment.ContentType.MediaType);
    }
}

public class NagleSwitchTests
{
    [Fact]
    public void The_runtime_still_has_the_fields_that_reach_the_smtp_socket() =>
        Assert.True(Queue.Sending.Transport.NagleSwitch.Available, "System.Net.Mail's private fields moved: SMTP falls back to ~21 msg/s per connection");
}
