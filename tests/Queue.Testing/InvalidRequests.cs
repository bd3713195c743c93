using System.Text.Json.Nodes;
using Queue.Contracts;

namespace Queue.Testing;

/// <summary>
/// Kinds of readable but invalid request, and kinds handled by documented rules, shared by the bus and the HTTP
/// malformed-input suites (each adds the unreadable kinds of its own door). Each changes a valid request in place.
/// </summary>
public static class InvalidRequests
{
    /// <summary>Expected outcome of the documented kinds: sent (bus) or accepted (HTTP).</summary>
    public const string Handled = "handled";

    public static readonly IReadOnlyDictionary<string, (string Expected, Action<JsonObject> Change)> Kinds = new Dictionary<string, (string, Action<JsonObject>)>
    {
        ["category-number-out-of-range"] = (RuleNames.UnknownValue, m => m["category"] = 99),
        ["missing-request-id"] = (RuleNames.RequestId, m => m.Remove("requestId")),
        ["missing-from"] = (RuleNames.AddressInvalid, m => m.Remove("from")),
        ["from-not-configured"] = (RuleNames.SenderUnknown, m => m["from"] = "compras@pasto.gov.co"),
        ["from-personal-account"] = (RuleNames.SenderUnknown, m => m["from"] = "alcaldia.pasto@gmail.com"),
        ["from-crlf"] = (RuleNames.HeaderInjection, m => m["from"] = "intranet@pasto.gov.co\r\nBcc: x@pasto.gov.co"),
        ["to-empty"] = (RuleNames.RecipientsMissing, m => m["to"] = new JsonArray()),
        ["to-null"] = (RuleNames.RecipientsMissing, m => m["to"] = null),
        ["to-invalid"] = (RuleNames.AddressInvalid, m => m["to"] = new JsonArray("ana(at)pasto.gov.co")),
        ["to-crlf"] = (RuleNames.HeaderInjection, m => m["to"] = new JsonArray("ana@pasto.gov.co\r\nBcc: x@pasto.gov.co")),
        ["cc-crlf"] = (RuleNames.HeaderInjection, m => m["cc"] = new JsonArray("ana@pasto.gov.co\nX-Evil: 1")),
        ["bcc-crlf"] = (RuleNames.HeaderInjection, m => m["bcc"] = new JsonArray("ana@pasto.gov.co\r\n")),
        ["reply-to-crlf"] = (RuleNames.HeaderInjection, m => m["replyTo"] = new JsonArray("ana@pasto.gov.co\r\nSubject: x")),
        ["reply-to-invalid"] = (RuleNames.AddressInvalid, m => m["replyTo"] = new JsonArray("responder")),
        ["display-name-crlf"] = (RuleNames.HeaderInjection, m => m["to"] = new JsonArray("\"Ana\r\nBcc: x@pasto.gov.co\" <ana@pasto.gov.co>")),
        ["subject-crlf"] = (RuleNames.HeaderInjection, m => m["subject"] = m["subject"] + "\r\nBcc: x@pasto.gov.co"),
        ["subject-lf"] = (RuleNames.HeaderInjection, m => m["subject"] = m["subject"] + "\nsegunda línea"),
        ["subject-nul"] = (RuleNames.HeaderInjection, m => m["subject"] = m["subject"] + "\0"),
        ["subject-empty"] = (RuleNames.SubjectMissing, m => m["subject"] = ""),
        ["subject-too-long"] = (RuleNames.SubjectTooLong, m => m["subject"] = new string('a', 300)),
        ["no-body"] = (RuleNames.BodyMissing, m => m.Remove("textBody")),
        ["body-nul"] = (RuleNames.BodyInvalid, m => m["textBody"] = "hola\0mundo"),
        ["attachment-name-crlf"] = (RuleNames.HeaderInjection, m => m["attachments"] = Attachment("a\r\nContent-Type: text/html", "application/pdf", "JVBERg==")),
        ["attachment-name-path"] = (RuleNames.AttachmentInvalid, m => m["attachments"] = Attachment("../../etc/passwd", "text/plain", "JVBERg==")),
        ["attachment-type-injection"] = (RuleNames.HeaderInjection, m => m["attachments"] = Attachment("a.pdf", "application/pdf\r\nX-Evil: 1", "JVBERg==")),
        ["attachment-empty"] = (RuleNames.AttachmentInvalid, m => m["attachments"] = Attachment("a.pdf", "application/pdf", "")),
        ["attachment-null-entry"] = (RuleNames.AttachmentInvalid, m => m["attachments"] = new JsonArray((JsonNode?)null)),
        ["too-many-attachments"] = (RuleNames.AttachmentInvalid, m => m["attachments"] = new JsonArray(Enumerable.Range(0, 21).Select(i => Attachment($"a{i}.txt", "text/plain", "YQ==")[0]!.DeepClone()).ToArray())),
        ["internationalised-local-part"] = (RuleNames.AddressInternationalised, m => m["to"] = new JsonArray("josé@pasto.gov.co")),
        ["ip-literal"] = (RuleNames.AddressInvalid, m => m["to"] = new JsonArray("ana@[10.0.0.1]")),
        ["no-top-level-domain"] = (RuleNames.AddressInvalid, m => m["to"] = new JsonArray("ana@intranet")),
        ["two-addresses-in-one-entry"] = (RuleNames.AddressInvalid, m => m["to"] = new JsonArray("ana@pasto.gov.co, luis@pasto.gov.co")),
        ["ten-thousand-recipients"] = (RuleNames.RecipientsTooMany, m => m["bcc"] = new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)$"p{i}@pasto.gov.co").ToArray())),
        ["expired"] = (RuleNames.RequestExpired, m => m["expiresAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O")),
        ["not-before-far-ahead"] = (RuleNames.RequestNotBeforeTooFar, m => m["notBefore"] = DateTimeOffset.UtcNow.AddYears(1).ToString("O")),
        ["expires-before-not-before"] = (RuleNames.RequestExpired, m =>
        {
            m["notBefore"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O");
            m["expiresAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        }),
        ["too-many-tags"] = (RuleNames.UnknownValue, m => m["tags"] = new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)$"t{i}").ToArray())),
        ["duplicate-recipients"] = (Handled, m =>
        {
            m["cc"] = new JsonArray("ANA.PEREZ@pasto.gov.co");
            m["to"] = new JsonArray("ana.perez@pasto.gov.co", "Ana <ana.perez@pasto.gov.co>");
        }),
        ["idn-domain"] = (Handled, m => m["to"] = new JsonArray("ana@alcaldía-pasto.gov.co")),
        ["display-name-with-comma-and-quotes"] = (Handled, m => m["to"] = new JsonArray("\"Pérez, Ana \\\"la jefa\\\"\" <ana@pasto.gov.co>")),
        ["enum-as-number"] = (Handled, m => m["priority"] = 1),
    };

    public static JsonArray Attachment(string fileName, string contentType, string content) =>
        new(new JsonObject { ["fileName"] = fileName, ["contentType"] = contentType, ["content"] = content });

    /// <summary>0xC3 0x28 is not UTF-8: a lead byte followed by no continuation byte, inside the body's text.</summary>
    public static byte[] CorruptUtf8(byte[] body)
    {
        var at = body.AsSpan().IndexOf("Buenos"u8);
        return [.. body[..at], 0xC3, 0x28, .. body[at..]];
    }
}
