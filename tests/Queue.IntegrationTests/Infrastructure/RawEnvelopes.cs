namespace Queue.IntegrationTests.Infrastructure;

/// <summary>Envelopes as a non-.NET application writes them: the README's example, field for field.</summary>
static class RawEnvelopes
{
    public static string SendEmail(Guid requestId, string subject) => $$"""
        {
          "messageId": "{{Guid.NewGuid()}}",
          "messageType": ["urn:message:Queue.Contracts:SendEmail"],
          "sentTime": "{{DateTime.UtcNow:O}}",
          "headers": {},
          "message": {
            "requestId": "{{requestId}}",
            "from": "secretarias@pasto.gov.co",
            "to": ["Funcionario <funcionario@pasto.gov.co>"],
            "cc": [],
            "bcc": [],
            "replyTo": [],
            "subject": "{{subject}}",
            "textBody": "Señores servidores públicos: se recuerda el uso exclusivo del correo institucional.",
            "htmlBody": "<p>Señores servidores públicos: se recuerda el uso exclusivo del correo institucional.</p>",
            "attachments": [],
            "category": "Circular",
            "priority": "Normal",
            "application": "intranet-php",
            "tags": ["circular-004"]
          }
        }
        """;
}
