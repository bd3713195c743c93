using Microsoft.Extensions.Options;
using Queue.Sending.Settings;
using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Policy;
using Queue.Sending.Validation;

namespace Queue.UnitTests;

/// <summary>A valid request and the validator's collaborators, for tests to vary one thing at a time.</summary>
static class TestRequests
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    public static SendEmail Valid() => new()
    {
        RequestId = Guid.Parse("6f1c2a7e-0000-4000-8000-000000000001"),
        From = "intranet@pasto.gov.co",
        To = ["Ana Pérez <ana.perez@pasto.gov.co>"],
        Subject = "Reunión de coordinación",
        TextBody = "Buenos días.",
        Application = "unit-tests",
    };

    public static SenderDirectory Senders() => new(new FixedOptionsMonitor<MailOptions>(new MailOptions
    {
        Smtp = new SmtpEndpointOptions { Host = "smtp.example.org" },
        Senders = [new SenderAccountOptions { Address = "intranet@pasto.gov.co", DisplayName = "Comunicación Interna" }],
    }));

    public static PolicyOptions Policy() => new()
    {
        AllowedDomains = ["pasto.gov.co"],
        CommunicationsOffice = ["intranet@pasto.gov.co"],
        SecretariatAccounts = ["secretarias@pasto.gov.co"],
        MassRecipientThreshold = 5,
        MaxRecipientsPerMessage = 3,
        Unsubscribe = new UnsubscribeOptions { Url = "https://correo.pasto.gov.co/v1/unsubscribe", Mailto = "intranet@pasto.gov.co", Secret = "unit-test-secret-0123456789" },
    };

    public static MailComposer Composer() => new(new FixedClock(Now), new UnsubscribeLinks(Options.Create(Policy())));

    public static SendEmailValidator Validator(ValidationOptions? options = null) =>
        new(Options.Create(options ?? new ValidationOptions()), Senders(), new FixedClock(Now));
}

sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
