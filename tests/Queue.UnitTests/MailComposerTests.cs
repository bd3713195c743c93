using Queue.Sending.Accounts;
using Queue.Sending.Composition;

namespace Queue.UnitTests;

public class MailComposerTests
{
    static readonly SenderAccount Intranet = TestRequests.Senders().All.Single();

    static OutgoingMail Compose(Queue.Contracts.SendEmail request) => new MailComposer(new FixedClock(TestRequests.Now)).Compose(request, Intranet);

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
