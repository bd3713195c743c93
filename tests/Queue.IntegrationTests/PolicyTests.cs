using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Sending.Policy;

namespace Queue.IntegrationTests;

public class PolicyFixture : DispatcherFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Policy:MassRecipientThreshold", "3"),
        new("Policy:MaxRecipientsPerMessage", "2"),
        new("Policy:ConfidentialApprovalThreshold", "4"),
        new("Dispatcher:ApprovalSweepInterval", "00:00:00.500"),
    ];

    internal ApprovalStore Approvals => Services.GetRequiredService<ApprovalStore>();

    internal SuppressionList Unsubscribed => Services.GetRequiredService<SuppressionList>();
}

/// <summary>Circular 004 through the real bus: each rule allowed, held, approved, denied, split or rejected.</summary>
public class PolicyTests(PolicyFixture dispatcher) : IClassFixture<PolicyFixture>
{
    static SendEmail Request(string from, EmailCategory category, string subject, params string[] to) =>
        DispatcherFixture.Request(subject) with { From = from, Category = category, To = to };

    static string[] People(string tag, int count) => Enumerable.Range(1, count).Select(i => $"{tag}{i}@pasto.gov.co").ToArray();

    [Fact]
    public async Task Ordinary_mail_from_a_department_is_sent_as_is()
    {
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.Operational, "Permitido", People("permitido", 2));

        await dispatcher.PublishAsync(request);

        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        var mail = Assert.Single(await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject));
        Assert.Equal(People("permitido", 2), mail.To);
    }

    [Fact]
    public async Task Mass_mail_from_the_communications_office_goes_one_message_per_person_with_one_click_unsubscribe()
    {
        var request = Request("intranet@pasto.gov.co", EmailCategory.Mass, "Boletín interno", People("boletin", 3));

        await dispatcher.PublishAsync(request);

        var split = await dispatcher.Events.WaitForAsync<EmailSplit>(request.RequestId);
        Assert.Equal(RuleNames.PolicyMassUnsubscribe, split.Rule);
        var mails = await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject, count: 3);
        Assert.Equal(People("boletin", 3), mails.Select(m => m.To.Single()).Order());
        Assert.All(mails, m => Assert.Equal(m.EnvelopeTo, m.To));
        foreach (var mail in mails)
        {
            var headers = await dispatcher.Sink.HeadersAsync(mail);
            Assert.Matches($"(?m)^List-Unsubscribe: <https://[^>]+r={Uri.EscapeDataString(mail.To.Single()).Replace(".", "\\.")}&t=[^>]+>, <mailto:intranet@pasto.gov.co\\?subject=unsubscribe>\r?$", headers);
            Assert.Matches("(?m)^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$", headers);
        }
    }

    [Fact]
    public async Task Mass_mail_from_a_department_is_held_then_approved_and_sent_from_intranet_with_reply_to_the_department()
    {
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.Operational, "Masivo de sistemas", People("masivo", 4));

        await dispatcher.PublishAsync(request);

        var held = await dispatcher.Events.WaitForAsync<EmailHeld>(request.RequestId);
        Assert.Equal(RuleNames.PolicyMassCommunicationsOffice, held.Rule);
        Assert.Contains(await dispatcher.Approvals.ListPendingAsync(), h => h.Request.RequestId == request.RequestId);
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(request.Subject));

        await dispatcher.Bus.Publish(new ApproveEmail { RequestId = request.RequestId, By = "yanet.bastidas (Comunicación Social)", Comment = "aprobado" });

        var decided = await dispatcher.Events.WaitForAsync<EmailApprovalDecided>(request.RequestId);
        Assert.True(decided.Approved);
        Assert.Equal("intranet@pasto.gov.co", decided.SendAs);
        var mails = await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject, count: 4);
        Assert.All(mails, m => Assert.Equal("intranet@pasto.gov.co", m.From));
        Assert.Matches("(?m)^Reply-To: soportesistemas@pasto.gov.co\\r?$", await dispatcher.Sink.SourceAsync(mails[0]));
        var record = await dispatcher.Approvals.GetAsync(request.RequestId);
        Assert.Equal((ApprovalState.Approved, "yanet.bastidas (Comunicación Social)"), (record!.State, record.DecidedBy));
        Assert.Contains(await dispatcher.Approvals.AuditTrailAsync(), line => line.Contains(request.RequestId.ToString()) && line.Contains("Approved"));
    }

    [Fact]
    public async Task Commercial_mail_is_held_and_a_denial_rejects_it_naming_who_and_why()
    {
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.Commercial, "Oferta de un proveedor", "ana@pasto.gov.co");

        await dispatcher.PublishAsync(request);
        var held = await dispatcher.Events.WaitForAsync<EmailHeld>(request.RequestId);
        Assert.Equal(RuleNames.PolicyCommercialApproval, held.Rule);

        await dispatcher.Bus.Publish(new DenyEmail { RequestId = request.RequestId, By = "despacho.alcalde", Reason = "publicidad no autorizada" });

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId);
        var violation = Assert.Single(rejected.Violations);
        Assert.Equal(RuleNames.PolicyApprovalDenied, violation.Rule);
        Assert.Contains("despacho.alcalde", violation.Message);
        Assert.Contains("publicidad no autorizada", violation.Message);
        await dispatcher.WaitUntilIdleAsync();
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(request.Subject));
    }

    [Fact]
    public async Task A_held_request_nobody_decides_on_is_rejected_when_it_expires()
    {
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.Commercial, "Caduca sin decisión", "ana@pasto.gov.co")
            with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(2) };

        await dispatcher.PublishAsync(request);

        var held = await dispatcher.Events.WaitForAsync<EmailHeld>(request.RequestId);
        Assert.Equal(request.ExpiresAt!.Value.ToUnixTimeMilliseconds(), held.ExpiresAt.ToUnixTimeMilliseconds());
        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId, TimeSpan.FromSeconds(30));
        Assert.Equal(RuleNames.PolicyApprovalExpired, Assert.Single(rejected.Violations).Rule);
    }

    [Fact]
    public async Task A_confidential_notice_to_several_people_arrives_as_one_message_each_with_nobody_else_in_it()
    {
        var request = Request("secretarias@pasto.gov.co", EmailCategory.Confidential, "Notificación de cobro", People("deudor", 3))
            with { Cc = ["jefe.cartera@pasto.gov.co"] };

        await dispatcher.PublishAsync(request);

        var split = await dispatcher.Events.WaitForAsync<EmailSplit>(request.RequestId);
        Assert.Equal(RuleNames.PolicyConfidentialIndividual, split.Rule);
        Assert.Equal(4, split.Parts.Count);
        foreach (var part in split.Parts)
        {
            await dispatcher.Events.WaitForAsync<EmailSent>(part.RequestId);
        }

        var mails = await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject, count: 4);
        Assert.All(mails, m => Assert.Single(m.To));
        Assert.All(mails, m => Assert.Empty(m.Cc));
        Assert.All(mails, m => Assert.Equal(m.To, m.EnvelopeTo));
        foreach (var mail in mails)
        {
            Assert.DoesNotContain("List-Unsubscribe", await dispatcher.Sink.HeadersAsync(mail));
        }
        foreach (var mail in mails)
        {
            var source = await dispatcher.Sink.SourceAsync(mail);
            Assert.Single(People("deudor", 3).Append("jefe.cartera@pasto.gov.co"), address => source.Contains(address));
        }
    }

    [Fact]
    public async Task A_circular_from_the_communications_office_is_rejected_pointing_to_the_secretariat()
    {
        var request = Request("intranet@pasto.gov.co", EmailCategory.Circular, "Circular desde intranet", "ana@pasto.gov.co");

        await dispatcher.PublishAsync(request);

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId);
        var violation = Assert.Single(rejected.Violations);
        Assert.Equal(RuleNames.PolicyCircularSecretariat, violation.Rule);
        Assert.Contains("secretarias@pasto.gov.co", violation.Message);
    }

    [Fact]
    public async Task A_request_over_the_recipients_per_message_is_split_into_envelopes()
    {
        var request = Request("secretarias@pasto.gov.co", EmailCategory.Circular, "Resolución en sobres", People("funcionario", 3));

        await dispatcher.PublishAsync(request);

        var split = await dispatcher.Events.WaitForAsync<EmailSplit>(request.RequestId);
        Assert.Equal(RuleNames.PolicyRecipientsPerMessage, split.Rule);
        Assert.Equal([2, 1], split.Parts.Select(p => p.Recipients.Count));
        var mails = await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject, count: 2);
        Assert.Equal(People("funcionario", 3), mails.SelectMany(m => m.To).Order());
    }

    [Fact]
    public async Task Mass_mail_leaves_out_whoever_unsubscribed()
    {
        var people = People("suscrito", 2);
        await dispatcher.Unsubscribed.AddAsync("pasto.gov.co", people[1]);
        var request = Request("intranet@pasto.gov.co", EmailCategory.Mass, "Boletín con bajas", people);

        await dispatcher.PublishAsync(request);

        var split = await dispatcher.Events.WaitForAsync<EmailSplit>(request.RequestId);
        Assert.Equal([people[1]], split.Suppressed);
        await dispatcher.Events.WaitForAsync<EmailSent>(Assert.Single(split.Parts).RequestId);
        Assert.Equal([people[0]], (await dispatcher.Sink.WithSubjectAsync(request.Subject)).Single().To);
        await dispatcher.Unsubscribed.RemoveAsync("pasto.gov.co", people[1]);
    }

    [Fact]
    public async Task Information_from_a_partner_entity_is_held_approved_only_naming_who_advised_and_sent_from_intranet()
    {
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.PartnerEntity, "Convocatoria del SENA (convenio)", People("convenio", 2));

        await dispatcher.PublishAsync(request);

        var held = await dispatcher.Events.WaitForAsync<EmailHeld>(request.RequestId);
        Assert.Equal(RuleNames.PolicyPartnerEntity, held.Rule);

        // Without who advised, the approval is not the circular's decision: ignored, the request stays held.
        await dispatcher.Bus.Publish(new ApproveEmail { RequestId = request.RequestId, By = "yanet.bastidas" });
        await dispatcher.Bus.Publish(new ApproveEmail
        {
            RequestId = request.RequestId, By = "yanet.bastidas", Comment = "de interés para el personal",
            AdvisedBy = [ApprovalAdvisor.HumanResources, ApprovalAdvisor.InformationSystems],
        });

        var decided = await dispatcher.Events.WaitForAsync<EmailApprovalDecided>(request.RequestId);
        Assert.Equal([ApprovalAdvisor.HumanResources, ApprovalAdvisor.InformationSystems], decided.AdvisedBy);
        Assert.Equal("intranet@pasto.gov.co", decided.SendAs);
        var mail = Assert.Single(await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject));
        Assert.Equal("intranet@pasto.gov.co", mail.From);
        Assert.Matches("(?m)^Reply-To: soportesistemas@pasto.gov.co\\r?$", await dispatcher.Sink.SourceAsync(mail));
        var record = await dispatcher.Approvals.GetAsync(request.RequestId);
        Assert.Equal([ApprovalAdvisor.HumanResources, ApprovalAdvisor.InformationSystems], record!.AdvisedBy);
        Assert.Contains(await dispatcher.Approvals.AuditTrailAsync(), line => line.Contains(request.RequestId.ToString()) && line.Contains("HumanResources"));
    }

    [Fact]
    public async Task A_notification_to_many_goes_one_message_per_person_without_unsubscribe_even_to_whoever_unsubscribed()
    {
        var people = People("notificado", 4);
        await dispatcher.Unsubscribed.AddAsync("pasto.gov.co", people[0]);
        var request = Request("soportesistemas@pasto.gov.co", EmailCategory.Notification, "Su solicitud fue radicada", people);

        await dispatcher.PublishAsync(request);

        var split = await dispatcher.Events.WaitForAsync<EmailSplit>(request.RequestId);
        Assert.Equal(RuleNames.PolicyNotificationIndividual, split.Rule);
        Assert.Empty(split.Suppressed);
        var mails = await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject, count: 4);
        Assert.Equal(people, mails.Select(m => m.To.Single()).Order());
        Assert.All(mails, m => Assert.Equal("soportesistemas@pasto.gov.co", m.From));
        foreach (var mail in mails)
        {
            Assert.DoesNotContain("List-Unsubscribe", await dispatcher.Sink.HeadersAsync(mail));
        }

        Assert.DoesNotContain(await dispatcher.Approvals.ListPendingAsync(), h => h.Request.RequestId == request.RequestId);
        await dispatcher.Unsubscribed.RemoveAsync("pasto.gov.co", people[0]);
    }

    [Fact]
    public async Task A_confidential_notice_to_more_than_the_threshold_waits_for_the_communications_office()
    {
        var request = Request("secretarias@pasto.gov.co", EmailCategory.Confidential, "Estado de cuenta individual", People("cartera", 5));

        await dispatcher.PublishAsync(request);

        var held = await dispatcher.Events.WaitForAsync<EmailHeld>(request.RequestId);
        Assert.Equal(RuleNames.PolicyConfidentialApproval, held.Rule);
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(request.Subject));

        await dispatcher.Bus.Publish(new ApproveEmail { RequestId = request.RequestId, By = "yanet.bastidas", Comment = "lista revisada" });

        var split = await dispatcher.Events.WaitForAsync<EmailSplit>(request.RequestId);
        Assert.Equal(RuleNames.PolicyConfidentialIndividual, split.Rule);
        var mails = await dispatcher.Sink.WaitForAsync(m => m.Subject == request.Subject, count: 5);
        Assert.All(mails, m => Assert.Single(m.To));
        Assert.All(mails, m => Assert.Equal("secretarias@pasto.gov.co", m.From));
    }
}
