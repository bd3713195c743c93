using Queue.Bounces;
using Queue.Contracts;

namespace Queue.UnitTests;

/// <summary>Each kind of report providers really send, read from a realistic fixture and tied to its request.</summary>
public class ReportParserTests
{
    const string Sender = "intranet@pasto.gov.co";
    const string Recipient = "ana.perez@example.org";
    static readonly Guid RequestId = Guid.NewGuid();

    static ReportReading Parse(string fixture) => ReportParser.Parse(BounceFixtures.Message(fixture, RequestId, Sender, Recipient));

    [Theory]
    [InlineData("gmail-address-not-found", ReportKind.DeliveryStatus, BounceClass.Hard, "5.1.1", "message-id")]
    [InlineData("exchange-recipient-not-found", ReportKind.DeliveryStatus, BounceClass.Hard, "5.1.10", "message-id")]
    [InlineData("postfix-dsn", ReportKind.DeliveryStatus, BounceClass.Hard, "5.1.1", "envid")]
    [InlineData("mailbox-full", ReportKind.DeliveryStatus, BounceClass.Soft, "5.2.2", "envid")]
    [InlineData("policy-blocklisted", ReportKind.DeliveryStatus, BounceClass.Policy, "5.7.1", "envid")]
    [InlineData("sender-quota", ReportKind.ProviderText, BounceClass.SenderQuota, "5.4.5", "message-id")]
    [InlineData("exchange-legacy-text", ReportKind.ProviderText, BounceClass.Hard, "5.1.10", "message-id")]
    public void A_bounce_is_classified_and_tied_to_its_request(string fixture, ReportKind kind, BounceClass @class, string status, string tiedBy)
    {
        var report = Assert.IsType<ReadReport>(Parse(fixture)).Report;

        Assert.Equal(kind, report.Kind);
        Assert.Equal(RequestId, report.RequestId);
        Assert.Equal(tiedBy, report.TiedBy);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal(Recipient, recipient.Address);
        Assert.Equal(@class, recipient.Class);
        Assert.Equal(status, recipient.Status);
        Assert.False(string.IsNullOrWhiteSpace(recipient.Diagnostic));
        Assert.NotNull(report.ReportId);
    }

    [Fact]
    public void An_arf_report_is_a_complaint_by_the_original_recipient()
    {
        var report = Assert.IsType<ReadReport>(Parse("arf-complaint")).Report;

        Assert.Equal(ReportKind.Feedback, report.Kind);
        Assert.Equal("abuse", report.FeedbackType);
        Assert.Equal(RequestId, report.RequestId);
        Assert.Equal(Sender, report.OriginalSender);
        Assert.Equal(BounceClass.Complaint, Assert.Single(report.Recipients, r => r.Address == Recipient).Class);
    }

    [Fact]
    public void An_out_of_office_answer_is_ignored() =>
        Assert.Equal(ReportKind.AutoReply, Assert.IsType<IgnoredReport>(Parse("out-of-office")).Kind);

    [Theory]
    [InlineData("unknown-mail", "not a delivery report")]
    [InlineData("malformed-report", "names no recipient")]
    public void What_is_not_a_readable_report_is_unprocessable_with_the_reason(string fixture, string reason) =>
        Assert.Contains(reason, Assert.IsType<UnprocessableReport>(Parse(fixture)).Reason);

    [Fact]
    public void A_bounce_about_a_message_queue_did_not_send_is_unprocessable()
    {
        var text = BounceFixtures.Text("postfix-dsn", RequestId, Sender, Recipient)
            .Replace($"Original-Envelope-Id: {RequestId:D}", "Original-Envelope-Id: not-ours")
            .Replace($"{RequestId:N}@pasto.gov.co", "someone-else@pasto.gov.co").Replace($"X-Queue-Request-Id: {RequestId:D}", "X-Other: 1");
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Contains("ties it to a message Queue sent", Assert.IsType<UnprocessableReport>(ReportParser.Parse(message)).Reason);
    }

    [Theory]
    [InlineData("5.1.1", "550 5.1.1 user unknown", BounceClass.Hard)]
    [InlineData("5.1.2", "550 5.1.2 host or domain name not found", BounceClass.Hard)]
    [InlineData("4.2.2", "452 4.2.2 mailbox full", BounceClass.Soft)]
    [InlineData("4.7.0", "421 4.7.0 try again later", BounceClass.Soft)]
    [InlineData("5.7.26", "550 5.7.26 unauthenticated email from pasto.gov.co is not accepted due to DMARC policy", BounceClass.Policy)]
    [InlineData(null, "550 Message rejected: IP listed at bl.spamcop.net", BounceClass.Policy)]
    [InlineData("5.4.5", "550 5.4.5 Daily user sending quota exceeded", BounceClass.SenderQuota)]
    [InlineData("5.2.0", "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException; SenderRateLimitExceeded", BounceClass.SenderQuota)]
    [InlineData("5.5.0", "550 5.5.0 something unclear", BounceClass.Soft)]
    public void Status_codes_and_texts_classify(string? status, string diagnostic, BounceClass expected) =>
        Assert.Equal(expected, BounceClassifier.Classify(status, diagnostic));

    [Theory]
    [InlineData("<0f8fad5bd9cb469fa16570867728950e@pasto.gov.co>", true)]
    [InlineData("0f8fad5bd9cb469fa16570867728950e@pasto.gov.co", true)]
    [InlineData("<abc@pasto.gov.co>", false)]
    public void Queue_message_ids_name_the_request(string messageId, bool ours) =>
        Assert.Equal(ours ? Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") : null, RequestReference.FromMessageId(messageId));
}
