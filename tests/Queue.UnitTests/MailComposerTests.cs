using Queue.Sending.Accounts;
using Queue.Sending.Composition;

namespace Queue.UnitTests;

public class MailComposerTests
{
    static readonly SenderAccount Intranet = TestRequests.Senders().All.Single();

    static OutgoingMail Compose(Queue.Contracts.SendEmail request) => TestRequests.Composer().Compose(request, Intranet);

    [Fact]
    public void Message_id_derives_from_the_request_id_and_the_sender_domain()
    {
        var mail = Compose(TestRequests.Valid());
        Assert.Equal("<6f1c2a7e000040008000000000000001@pasto.gov.co>", mail.MessageId);
        Assert.Equal(TestRequests.Now, mail.Date);
    }

    [Fact]
    public void From_takes_the_account_display_name_unless_the_request_gives_one()
    {
        Assert.Equal("Comunicación Interna", Compose(TestRequests.Valid()).From.DisplayName);
        var named = Compose(TestRequests.Valid() with { From = "Boletín <INTRANET@pasto.gov.co>" });
        Assert.Equal(("intranet@pasto.gov.co", "Boletín"), (named.From.Address, named.From.DisplayName));
    }

    [Fact]
    public void Each_recipient_appears_once_to_before_cc_before_bcc()
    {
        var mail = Compose(TestRequests.Valid() with
        {
            To = ["a@pasto.gov.co", "A@pasto.gov.co"],
            Cc = ["b@pasto.gov.co", "a@pasto.gov.co"],
            Bcc = ["b@pasto.gov.co", "c@pasto.gov.co"],
        });
        Assert.Equal(["a@pasto.gov.co"], mail.To.Select(m => m.Address));
        Assert.Equal(["b@pasto.gov.co"], mail.Cc.Select(m => m.Address));
        Assert.Equal(["c@pasto.gov.co"], mail.Bcc.Select(m => m.Address));
        Assert.Equal(3, mail.Recipients.Count());
    }

    [Fact]
    public void Carries_the_request_id_header() =>
        Assert.Contains(Compose(TestRequests.Valid()).Headers, h => h.Key == MailComposer.RequestIdHeader && h.Value == "6f1c2a7e-0000-4000-8000-000000000001");
}

public class UnsubscribeHeaderTests
{
    static Queue.Sending.Composition.OutgoingMail Compose(Queue.Contracts.SendEmail request) =>
        TestRequests.Composer().Compose(request, TestRequests.Senders().All.Single());

    [Fact]
    public void Mass_mail_to_one_person_carries_one_click_unsubscribe()
    {
        var mail = Compose(TestRequests.Valid() with { Category = Queue.Contracts.EmailCategory.Mass, To = ["ana@pasto.gov.co"] });
        var unsubscribe = Assert.Single(mail.Headers, h => h.Key == "List-Unsubscribe").Value;
        Assert.StartsWith("<https://correo.pasto.gov.co/v1/unsubscribe?d=pasto.gov.co&r=ana%40pasto.gov.co&t=", unsubscribe);
        Assert.EndsWith(", <mailto:intranet@pasto.gov.co?subject=unsubscribe>", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", Assert.Single(mail.Headers, h => h.Key == "List-Unsubscribe-Post").Value);
    }

    [Theory]
    [InlineData(Queue.Contracts.EmailCategory.Confidential)]
    [InlineData(Queue.Contracts.EmailCategory.Notification)]
    [InlineData(Queue.Contracts.EmailCategory.Operational)]
    public void Other_mail_never_does(Queue.Contracts.EmailCategory category) =>
        Assert.DoesNotContain(Compose(TestRequests.Valid() with { Category = category }).Headers, h => h.Key.StartsWith("List-Unsubscribe"));

    [Fact]
    public void The_link_token_verifies_only_for_its_recipient()
    {
        var links = new Queue.Sending.Policy.UnsubscribeLinks(Microsoft.Extensions.Options.Options.Create(TestRequests.Policy()));
        var url = links.HeadersFor("pasto.gov.co", "ana@pasto.gov.co")[0].Value;
        var token = Uri.UnescapeDataString(url[(url.IndexOf("&t=", StringComparison.Ordinal) + 3)..url.IndexOf('>')]);
        Assert.True(links.Verify("pasto.gov.co", "ana@pasto.gov.co", token));
        Assert.False(links.Verify("pasto.gov.co", "luis@pasto.gov.co", token));
    }
}
