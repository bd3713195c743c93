using Microsoft.Extensions.Options;
using Queue.Sending.Settings;
using Queue.Contracts;
using Queue.Sending.Policy;

namespace Queue.UnitTests;

/// <summary>The rules of circular 004, one by one (threshold 5 recipients, 3 per message in these tests).</summary>
public class InstitutionalPolicyTests
{
    static readonly IReadOnlySet<string> NoneUnsubscribed = new HashSet<string>();

    static PolicyDecision Evaluate(SendEmail request, bool approved = false, IReadOnlySet<string>? unsubscribed = null, Action<PolicyOptions>? configure = null)
    {
        var options = TestRequests.Policy();
        configure?.Invoke(options);
        return new InstitutionalPolicy(new FixedOptionsMonitor<PolicyOptions>(options)).Evaluate(request, approved, unsubscribed ?? NoneUnsubscribed);
    }

    static SendEmail Request(string from = "intranet@pasto.gov.co", EmailCategory category = EmailCategory.Operational, int recipients = 1) =>
        TestRequests.Valid() with { From = from, Category = category, To = Enumerable.Range(1, recipients).Select(i => $"persona{i}@pasto.gov.co").ToList() };

    static RuleViolation Rejected(PolicyDecision decision) => Assert.Single(Assert.IsType<PolicyRejected>(decision).Violations);

    [Fact]
    public void Ordinary_work_mail_proceeds_unchanged()
    {
        var request = Request("soportesistemas@pasto.gov.co", recipients: 2);
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(request));
        Assert.Equal([request], proceed.Messages);
        Assert.Null(proceed.SplitRule);
    }

    [Fact]
    public void A_sender_outside_the_institutional_domains_is_rejected()
    {
        var violation = Rejected(Evaluate(Request("alcaldia.pasto@gmail.com")));
        Assert.Equal(RuleNames.PolicyInstitutionalSender, violation.Rule);
        Assert.Contains("pasto.gov.co", violation.Message);
    }

    [Fact]
    public void Mass_mail_from_the_communications_office_proceeds_one_message_per_person()
    {
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Mass, recipients: 4)));
        Assert.Equal(RuleNames.PolicyMassUnsubscribe, proceed.SplitRule);
        Assert.Equal(4, proceed.Messages.Count);
        Assert.All(proceed.Messages, m => Assert.Single(m.To));
        Assert.All(proceed.Messages, m => Assert.Equal(EmailCategory.Mass, m.Category));
    }

    [Theory]
    [InlineData(EmailCategory.Mass, 1)]
    [InlineData(EmailCategory.Operational, 6)]
    public void Mass_mail_from_another_account_is_held_for_the_communications_office(EmailCategory category, int recipients)
    {
        var held = Assert.IsType<PolicyHeld>(Evaluate(Request("soportesistemas@pasto.gov.co", category, recipients)));
        Assert.Equal(RuleNames.PolicyMassCommunicationsOffice, held.Rule);
        Assert.Contains("intranet@pasto.gov.co", held.Reason);
    }

    [Fact]
    public void Approved_mass_mail_goes_from_the_communications_office_with_reply_to_the_department()
    {
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(Request("soportesistemas@pasto.gov.co", EmailCategory.Mass, recipients: 2), approved: true));
        Assert.All(proceed.Messages, m => Assert.Equal("intranet@pasto.gov.co", m.From));
        Assert.All(proceed.Messages, m => Assert.Equal(["soportesistemas@pasto.gov.co"], m.ReplyTo));
    }

    [Fact]
    public void Unsubscribed_recipients_are_left_out_of_mass_mail()
    {
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Mass, 3), unsubscribed: new HashSet<string> { "persona2@pasto.gov.co" }));
        Assert.Equal(["persona2@pasto.gov.co"], proceed.Suppressed);
        Assert.Equal(["persona1@pasto.gov.co", "persona3@pasto.gov.co"], proceed.Messages.Select(m => m.To.Single()));
    }

    [Fact]
    public void Mass_mail_to_nobody_but_unsubscribed_recipients_is_rejected() =>
        Assert.Equal(RuleNames.PolicySuppressed, Rejected(Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Mass, 1), unsubscribed: new HashSet<string> { "persona1@pasto.gov.co" })).Rule);

    [Fact]
    public void A_confidential_notice_to_several_people_is_split_one_per_person_with_nobody_else_visible()
    {
        var request = Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 2) with { Cc = ["jefe@pasto.gov.co"], Bcc = ["archivo@pasto.gov.co"] };
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(request));
        Assert.Equal(RuleNames.PolicyConfidentialIndividual, proceed.SplitRule);
        Assert.Equal(4, proceed.Messages.Count);
        Assert.All(proceed.Messages, m => { Assert.Single(m.To); Assert.Empty(m.Cc); Assert.Empty(m.Bcc); });
        Assert.Equal(4, proceed.Messages.Select(m => m.RequestId).Distinct().Count());
        Assert.DoesNotContain(request.RequestId, proceed.Messages.Select(m => m.RequestId));
    }

    [Fact]
    public void Split_ids_are_the_same_every_time()
    {
        var request = Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 2);
        var first = Assert.IsType<PolicyProceed>(Evaluate(request)).Messages.Select(m => m.RequestId);
        var second = Assert.IsType<PolicyProceed>(Evaluate(request)).Messages.Select(m => m.RequestId);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_confidential_notice_to_a_group_is_rejected_where_configured() =>
        Assert.Equal(RuleNames.PolicyConfidentialIndividual,
            Rejected(Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 2), configure: o => o.Confidential = SplitOrReject.Reject)).Rule);

    [Fact]
    public void A_confidential_notice_to_many_people_is_never_held_as_mass() =>
        Assert.Equal(10, Assert.IsType<PolicyProceed>(Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 10))).Messages.Count);

    [Fact]
    public void Commercial_mail_is_held_for_approval_even_from_the_communications_office() =>
        Assert.Equal(RuleNames.PolicyCommercialApproval, Assert.IsType<PolicyHeld>(Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Commercial))).Rule);

    [Fact]
    public void Approved_commercial_mail_proceeds() =>
        Assert.IsType<PolicyProceed>(Evaluate(Request("soportesistemas@pasto.gov.co", EmailCategory.Commercial), approved: true));

    [Fact]
    public void Commercial_mass_mail_names_both_rules()
    {
        var held = Assert.IsType<PolicyHeld>(Evaluate(Request("soportesistemas@pasto.gov.co", EmailCategory.Commercial, 6)));
        Assert.Contains(RuleNames.PolicyCommercialApproval, held.Reason);
        Assert.Contains(RuleNames.PolicyMassCommunicationsOffice, held.Reason);
    }

    [Fact]
    public void A_circular_from_another_account_is_rejected_pointing_to_the_secretariat()
    {
        var violation = Rejected(Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Circular)));
        Assert.Equal(RuleNames.PolicyCircularSecretariat, violation.Rule);
        Assert.Contains("secretarias@pasto.gov.co", violation.Message);
    }

    [Fact]
    public void A_circular_from_the_secretariat_to_many_recipients_is_not_mass()
    {
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Circular, 6)));
        Assert.Equal(RuleNames.PolicyRecipientsPerMessage, proceed.SplitRule);
        Assert.Equal([3, 3], proceed.Messages.Select(m => m.To.Count));
    }

    [Fact]
    public void Envelopes_over_the_per_message_limit_are_split_keeping_each_recipients_role()
    {
        var request = Request("soportesistemas@pasto.gov.co", recipients: 2) with { Cc = ["c1@pasto.gov.co", "c2@pasto.gov.co"], Bcc = ["b1@pasto.gov.co"] };
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(request, configure: o => o.MassRecipientThreshold = 50));
        Assert.Equal(2, proceed.Messages.Count);
        Assert.Equal((2, 1, 0), (proceed.Messages[0].To.Count, proceed.Messages[0].Cc.Count, proceed.Messages[0].Bcc.Count));
        Assert.Equal((0, 1, 1), (proceed.Messages[1].To.Count, proceed.Messages[1].Cc.Count, proceed.Messages[1].Bcc.Count));
    }

    [Fact]
    public void Envelopes_over_the_per_message_limit_are_rejected_where_configured() =>
        Assert.Equal(RuleNames.PolicyRecipientsPerMessage,
            Rejected(Evaluate(Request("soportesistemas@pasto.gov.co", recipients: 4), configure: o => { o.MassRecipientThreshold = 50; o.OversizeEnvelopes = SplitOrReject.Reject; })).Rule);

    [Fact]
    public void A_notification_to_more_than_the_mass_threshold_goes_one_message_per_recipient_and_is_never_mass()
    {
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.Notification, 6) with { Cc = ["jefe@pasto.gov.co"] };
        var policy = new InstitutionalPolicy(new FixedOptionsMonitor<PolicyOptions>(TestRequests.Policy()));
        Assert.False(policy.IsMass(request));

        var proceed = Assert.IsType<PolicyProceed>(Evaluate(request, unsubscribed: new HashSet<string> { "persona2@pasto.gov.co" }));
        Assert.Equal(RuleNames.PolicyNotificationIndividual, proceed.SplitRule);
        Assert.Equal(7, proceed.Messages.Count);
        Assert.Empty(proceed.Suppressed);
        Assert.All(proceed.Messages, m => { Assert.Single(m.To); Assert.Empty(m.Cc); Assert.Empty(m.Bcc); });
        Assert.All(proceed.Messages, m => Assert.Equal(EmailCategory.Notification, m.Category));
        Assert.All(proceed.Messages, m => Assert.Equal("soportesistemas@pasto.gov.co", m.From));
    }

    [Fact]
    public void A_notification_to_up_to_the_mass_threshold_goes_as_one_message()
    {
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.Notification, 3);
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(request, configure: o => o.MassRecipientThreshold = 3));
        Assert.Equal([request], proceed.Messages);
        Assert.Null(proceed.SplitRule);
    }

    [Fact]
    public void A_confidential_notice_to_more_than_the_threshold_from_a_department_is_held_for_the_communications_office()
    {
        var held = Assert.IsType<PolicyHeld>(Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 4), configure: o => o.ConfidentialApprovalThreshold = 3));
        Assert.Equal(RuleNames.PolicyConfidentialApproval, held.Rule);
        Assert.Contains("4 people", held.Reason);
    }

    [Fact]
    public void A_confidential_notice_up_to_the_threshold_is_not_held() =>
        Assert.Equal(3, Assert.IsType<PolicyProceed>(Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 3), configure: o => o.ConfidentialApprovalThreshold = 3)).Messages.Count);

    [Fact]
    public void An_approved_confidential_fan_out_goes_one_message_per_person_from_the_department()
    {
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 4), approved: true, configure: o => o.ConfidentialApprovalThreshold = 3));
        Assert.Equal(RuleNames.PolicyConfidentialIndividual, proceed.SplitRule);
        Assert.Equal(4, proceed.Messages.Count);
        Assert.All(proceed.Messages, m => Assert.Equal("secretarias@pasto.gov.co", m.From));
    }

    [Fact]
    public void A_confidential_fan_out_from_the_communications_office_or_with_the_setting_off_is_not_held()
    {
        Assert.IsType<PolicyProceed>(Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Confidential, 4), configure: o => o.ConfidentialApprovalThreshold = 3));
        Assert.IsType<PolicyProceed>(Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 4), configure: o => { o.ConfidentialApprovalThreshold = 3; o.ConfidentialApproval = false; }));
    }

    [Theory]
    [InlineData("soportesistemas@pasto.gov.co")]
    [InlineData("intranet@pasto.gov.co")]
    public void Information_from_a_partner_entity_is_held_for_the_communications_office_from_any_account(string from)
    {
        var held = Assert.IsType<PolicyHeld>(Evaluate(Request(from, EmailCategory.PartnerEntity)));
        Assert.Equal(RuleNames.PolicyPartnerEntity, held.Rule);
        Assert.Contains("Human Resources", held.Reason);
    }

    [Fact]
    public void Approved_information_from_a_partner_entity_goes_from_the_communications_office_with_reply_to_the_department()
    {
        var proceed = Assert.IsType<PolicyProceed>(Evaluate(Request("soportesistemas@pasto.gov.co", EmailCategory.PartnerEntity, 2), approved: true));
        var message = Assert.Single(proceed.Messages);
        Assert.Equal("intranet@pasto.gov.co", message.From);
        Assert.Equal(["soportesistemas@pasto.gov.co"], message.ReplyTo);
        Assert.Equal(EmailCategory.PartnerEntity, message.Category);
    }

    static RecipientSuppressions Suppressed(string address, SuppressionReason reason) =>
        new([new Suppression("pasto.gov.co", address, reason, Suppression.ScopeOf(reason), "<report@mx>", "bounce-reader", DateTimeOffset.Parse("2026-12-01T00:00:00Z"), null, "550 5.1.1")]);

    [Fact]
    public void A_confidential_notice_to_an_address_that_bounced_hard_is_rejected_so_the_department_knows()
    {
        var request = Request("secretarias@pasto.gov.co", EmailCategory.Confidential);
        var decision = new InstitutionalPolicy(new FixedOptionsMonitor<PolicyOptions>(TestRequests.Policy())).Evaluate(request, false, Suppressed("persona1@pasto.gov.co", SuppressionReason.HardBounce));

        var violation = Rejected(decision);
        Assert.Equal(RuleNames.RecipientSuppressed, violation.Rule);
        Assert.Contains("persona1@pasto.gov.co", violation.Message);
        Assert.Contains("HardBounce", violation.Message);
    }

    [Fact]
    public void A_complaint_keeps_mass_mail_away_but_not_a_personal_notice()
    {
        var policy = new InstitutionalPolicy(new FixedOptionsMonitor<PolicyOptions>(TestRequests.Policy()));
        var complained = Suppressed("persona2@pasto.gov.co", SuppressionReason.Complaint);

        var mass = Assert.IsType<PolicyProceed>(policy.Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Mass, 3), false, complained));
        Assert.Equal(["persona2@pasto.gov.co"], mass.Suppressed);
        Assert.IsType<PolicyProceed>(policy.Evaluate(Request("secretarias@pasto.gov.co", EmailCategory.Confidential, 2) with { To = ["persona2@pasto.gov.co"] }, false, complained));
    }

    [Fact]
    public void Mass_mail_leaves_out_a_hard_bounced_address()
    {
        var proceed = Assert.IsType<PolicyProceed>(new InstitutionalPolicy(new FixedOptionsMonitor<PolicyOptions>(TestRequests.Policy()))
            .Evaluate(Request("intranet@pasto.gov.co", EmailCategory.Mass, 3), false, Suppressed("persona3@pasto.gov.co", SuppressionReason.HardBounce)));
        Assert.Equal(["persona3@pasto.gov.co"], proceed.Suppressed);
        Assert.Equal(2, proceed.Messages.Count);
    }
}
