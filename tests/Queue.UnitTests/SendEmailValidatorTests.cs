using Queue.Contracts;
using Queue.Sending.Validation;

namespace Queue.UnitTests;

public class SendEmailValidatorTests
{
    static IReadOnlyList<RuleViolation> Validate(SendEmail request, ValidationOptions? options = null) =>
        TestRequests.Validator(options).Validate(request);

    static void AssertOnly(IReadOnlyList<RuleViolation> violations, string rule, string? field)
    {
        var violation = Assert.Single(violations);
        Assert.Equal(rule, violation.Rule);
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void A_valid_request_has_no_violations() => Assert.Empty(Validate(TestRequests.Valid()));

    [Fact]
    public void Html_only_with_cc_bcc_reply_to_and_an_attachment_is_valid()
    {
        var request = TestRequests.Valid() with
        {
            TextBody = null, HtmlBody = "<p>Hola</p>", Cc = ["luis@pasto.gov.co"], Bcc = ["archivo@pasto.gov.co"],
            ReplyTo = ["Secretaría <secretarias@pasto.gov.co>"],
            Attachments = [new EmailAttachment { FileName = "acta 12.pdf", ContentType = "application/pdf", Content = [1, 2, 3] }],
        };
        Assert.Empty(Validate(request));
    }

    [Fact]
    public void Missing_request_id() => AssertOnly(Validate(TestRequests.Valid() with { RequestId = Guid.Empty }), RuleNames.RequestId, "requestId");

    [Fact]
    public void Unknown_sender() => AssertOnly(Validate(TestRequests.Valid() with { From = "alguien@gmail.com" }), RuleNames.SenderUnknown, "from");

    [Fact]
    public void Sender_with_display_name_is_matched_by_address() =>
        Assert.Empty(Validate(TestRequests.Valid() with { From = "Intranet <INTRANET@pasto.gov.co>" }));

    [Fact]
    public void No_recipients() => AssertOnly(Validate(TestRequests.Valid() with { To = [] }), RuleNames.RecipientsMissing, "to");

    [Fact]
    public void Null_lists_are_treated_as_empty_not_as_a_crash() =>
        AssertOnly(Validate(TestRequests.Valid() with { To = null!, Cc = null!, Bcc = null!, ReplyTo = null!, Attachments = null!, Tags = null! }), RuleNames.RecipientsMissing, "to");

    [Fact]
    public void Each_bad_address_is_named_by_its_position()
    {
        var violations = Validate(TestRequests.Valid() with { To = ["ok@pasto.gov.co", "bad"], Cc = ["x@"], Bcc = ["y\r\n@pasto.gov.co"] });
        Assert.Equal(["to[1]", "cc[0]", "bcc[0]"], violations.Select(v => v.Field));
        Assert.Equal(RuleNames.HeaderInjection, violations[2].Rule);
    }

    [Fact]
    public void Too_many_distinct_recipients()
    {
        var to = Enumerable.Range(0, 11).Select(i => $"p{i}@pasto.gov.co").ToList();
        AssertOnly(Validate(TestRequests.Valid() with { To = to }, new ValidationOptions { MaxRecipients = 10 }), RuleNames.RecipientsTooMany, "to");
    }

    [Fact]
    public void Duplicate_recipients_count_once()
    {
        var to = Enumerable.Repeat("p@pasto.gov.co", 50).ToList();
        Assert.Empty(Validate(TestRequests.Valid() with { To = to, Cc = ["P@PASTO.gov.co"] }, new ValidationOptions { MaxRecipients = 1 }));
    }

    [Theory]
    [InlineData("", RuleNames.SubjectMissing)]
    [InlineData("   ", RuleNames.SubjectMissing)]
    [InlineData("Hola\r\nBcc: victim@example.org", RuleNames.HeaderInjection)]
    [InlineData("Hola\nmundo", RuleNames.HeaderInjection)]
    [InlineData("Hola\u0085mundo", RuleNames.HeaderInjection)]
    [InlineData("Hola\0", RuleNames.HeaderInjection)]
    public void Subject_must_be_one_line_of_text(string subject, string rule) =>
        AssertOnly(Validate(TestRequests.Valid() with { Subject = subject }), rule, "subject");

    [Fact]
    public void Subject_with_a_lone_surrogate_is_not_unicode() =>
        AssertOnly(Validate(TestRequests.Valid() with { Subject = "\ud800 lone surrogate" }), RuleNames.HeaderInjection, "subject");

    [Fact]
    public void Subject_too_long() =>
        AssertOnly(Validate(TestRequests.Valid() with { Subject = new string('a', 251) }), RuleNames.SubjectTooLong, "subject");

    [Fact]
    public void Body_is_required() =>
        AssertOnly(Validate(TestRequests.Valid() with { TextBody = " ", HtmlBody = null }), RuleNames.BodyMissing, "textBody");

    [Fact]
    public void Body_with_nul_is_invalid() =>
        AssertOnly(Validate(TestRequests.Valid() with { TextBody = "a\0b" }), RuleNames.BodyInvalid, "textBody");

    [Fact]
    public void Body_may_have_line_breaks_and_tabs() =>
        Assert.Empty(Validate(TestRequests.Valid() with { TextBody = "línea 1\r\n\tlínea 2\n.\n" }));

    [Theory]
    [InlineData("", "application/pdf", "attachments[0].fileName", RuleNames.AttachmentInvalid)]
    [InlineData("../../etc/passwd", "application/pdf", "attachments[0].fileName", RuleNames.AttachmentInvalid)]
    [InlineData("a\r\nContent-Type: text/html", "application/pdf", "attachments[0].fileName", RuleNames.HeaderInjection)]
    [InlineData("acta.pdf", "pdf", "attachments[0].contentType", RuleNames.AttachmentInvalid)]
    [InlineData("acta.pdf", "application/pdf\r\nX-Evil: 1", "attachments[0].contentType", RuleNames.HeaderInjection)]
    public void Attachments_need_a_plain_name_and_a_media_type(string fileName, string contentType, string field, string rule)
    {
        var request = TestRequests.Valid() with { Attachments = [new EmailAttachment { FileName = fileName, ContentType = contentType, Content = [1] }] };
        AssertOnly(Validate(request), rule, field);
    }

    [Fact]
    public void Empty_attachment() =>
        AssertOnly(Validate(TestRequests.Valid() with { Attachments = [new EmailAttachment { FileName = "a.txt", ContentType = "text/plain" }] }),
            RuleNames.AttachmentInvalid, "attachments[0].content");

    [Fact]
    public void Too_large()
    {
        var request = TestRequests.Valid() with { Attachments = [new EmailAttachment { FileName = "big.bin", ContentType = "application/octet-stream", Content = new byte[800_000] }] };
        AssertOnly(Validate(request, new ValidationOptions { MaxMessageBytes = 1_000_000 }), RuleNames.MessageTooLarge, null);
    }

    [Fact]
    public void Expired() =>
        AssertOnly(Validate(TestRequests.Valid() with { ExpiresAt = TestRequests.Now.AddSeconds(-1) }), RuleNames.RequestExpired, "expiresAt");

    [Fact]
    public void Not_before_beyond_the_horizon() =>
        AssertOnly(Validate(TestRequests.Valid() with { NotBefore = TestRequests.Now.AddDays(31) }), RuleNames.RequestNotBeforeTooFar, "notBefore");

    [Fact]
    public void Scheduled_request_within_the_horizon_is_valid() =>
        Assert.Empty(Validate(TestRequests.Valid() with { NotBefore = TestRequests.Now.AddDays(2), ExpiresAt = TestRequests.Now.AddDays(3) }));

    [Fact]
    public void Undefined_enum_values() =>
        Assert.Equal(["category", "priority"], Validate(TestRequests.Valid() with { Category = (EmailCategory)42, Priority = (EmailPriority)7 }).Select(v => v.Field));

    [Fact]
    public void Control_characters_in_application_and_tags() =>
        Assert.Equal(["application", "tags[1]"], Validate(TestRequests.Valid() with { Application = "app\r\n", Tags = ["ok", "x\ny"] }).Select(v => v.Field));

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var violations = Validate(new SendEmail());
        Assert.Contains(violations, v => v.Rule == RuleNames.RequestId);
        Assert.Contains(violations, v => v.Rule == RuleNames.AddressInvalid && v.Field == "from");
        Assert.Contains(violations, v => v.Rule == RuleNames.RecipientsMissing);
        Assert.Contains(violations, v => v.Rule == RuleNames.SubjectMissing);
        Assert.Contains(violations, v => v.Rule == RuleNames.BodyMissing);
    }
}
