using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>
/// The kinds of bad input of the bus suite, posted over HTTP: each is refused with its status and rule, or handled
/// as documented, and nothing is published by mistake. HTTP is stricter than the bus on one point: an unknown
/// property is refused (it is usually a typo, e.g. "tos").
/// </summary>
public class MalformedHttpInputTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    const string Unreadable = "request.body-unreadable";
    const string Accepted = "accepted";

    static readonly Dictionary<string, (string Expected, Func<JsonObject, byte[]> Make)> Cases = new()
    {
        ["not-json"] = (Unreadable, _ => Utf8("this is not json {")),
        ["truncated-json"] = (Unreadable, m => Utf8(m.ToJsonString()[..30])),
        ["array-root"] = (Unreadable, _ => Utf8("[1, 2, 3]")),
        ["string-root"] = (Unreadable, _ => Utf8("\"hola\"")),
        ["request-id-not-a-guid"] = (Unreadable, m => Set(m, "requestId", "abc")),
        ["request-id-a-number"] = (Unreadable, m => Set(m, "requestId", 42)),
        ["to-a-string"] = (Unreadable, m => Set(m, "to", "ana@pasto.gov.co")),
        ["to-with-a-number"] = (Unreadable, m => Set(m, "to", new JsonArray(42))),
        ["category-unknown-name"] = (Unreadable, m => Set(m, "category", "Gossip")),
        ["priority-unknown-name"] = (Unreadable, m => Set(m, "priority", "Highest")),
        ["not-before-not-a-date"] = (Unreadable, m => Set(m, "notBefore", "mañana")),
        ["attachment-not-base64"] = (Unreadable, m => Set(m, "attachments", Attachment("a.pdf", "application/pdf", "###"))),
        ["attachments-an-object"] = (Unreadable, m => Set(m, "attachments", new JsonObject())),
        ["subject-an-object"] = (Unreadable, m => Set(m, "subject", new JsonObject { ["a"] = 1 })),
        ["text-body-a-number"] = (Unreadable, m => Set(m, "textBody", 42)),
        ["tags-an-object"] = (Unreadable, m => Set(m, "tags", new JsonObject())),
        ["invalid-utf8"] = (Unreadable, m => Corrupt(Utf8(m.ToJsonString()))),
        ["lone-surrogate"] = (Unreadable, m => Utf8(m.ToJsonString().Replace("Buenos", "\\ud800Buenos"))),
        ["unknown-property"] = (Unreadable, m => Set(m, "tos", new JsonArray("ana@pasto.gov.co"))),
        ["category-number-out-of-range"] = (RuleNames.UnknownValue, m => Set(m, "category", 99)),
        ["missing-request-id"] = (RuleNames.RequestId, m => Remove(m, "requestId")),
        ["missing-from"] = (RuleNames.AddressInvalid, m => Remove(m, "from")),
        ["from-not-configured"] = (RuleNames.SenderUnknown, m => Set(m, "from", "compras@pasto.gov.co")),
        ["from-personal-account"] = (RuleNames.SenderUnknown, m => Set(m, "from", "alcaldia.pasto@gmail.com")),
        ["from-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "from", "intranet@pasto.gov.co\r\nBcc: x@pasto.gov.co")),
        ["to-empty"] = (RuleNames.RecipientsMissing, m => Set(m, "to", new JsonArray())),
        ["to-null"] = (RuleNames.RecipientsMissing, m => Set(m, "to", null)),
        ["to-invalid"] = (RuleNames.AddressInvalid, m => Set(m, "to", new JsonArray("ana(at)pasto.gov.co"))),
        ["to-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "to", new JsonArray("ana@pasto.gov.co\r\nBcc: x@pasto.gov.co"))),
        ["cc-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "cc", new JsonArray("ana@pasto.gov.co\nX-Evil: 1"))),
        ["bcc-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "bcc", new JsonArray("ana@pasto.gov.co\r\n"))),
        ["reply-to-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "replyTo", new JsonArray("ana@pasto.gov.co\r\nSubject: x"))),
        ["reply-to-invalid"] = (RuleNames.AddressInvalid, m => Set(m, "replyTo", new JsonArray("responder"))),
        ["display-name-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "to", new JsonArray("\"Ana\r\nBcc: x@pasto.gov.co\" <ana@pasto.gov.co>"))),
        ["subject-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "subject", m["subject"] + "\r\nBcc: x@pasto.gov.co")),
        ["subject-lf"] = (RuleNames.HeaderInjection, m => Set(m, "subject", m["subject"] + "\nsegunda línea")),
        ["subject-nul"] = (RuleNames.HeaderInjection, m => Set(m, "subject", m["subject"] + "\0")),
        ["subject-empty"] = (RuleNames.SubjectMissing, m => Set(m, "subject", "")),
        ["subject-too-long"] = (RuleNames.SubjectTooLong, m => Set(m, "subject", new string('a', 300))),
        ["no-body"] = (RuleNames.BodyMissing, m => Remove(m, "textBody")),
        ["body-nul"] = (RuleNames.BodyInvalid, m => Set(m, "textBody", "hola\0mundo")),
        ["attachment-name-crlf"] = (RuleNames.HeaderInjection, m => Set(m, "attachments", Attachment("a\r\nContent-Type: text/html", "application/pdf", "JVBERg=="))),
        ["attachment-name-path"] = (RuleNames.AttachmentInvalid, m => Set(m, "attachments", Attachment("../../etc/passwd", "text/plain", "JVBERg=="))),
        ["attachment-type-injection"] = (RuleNames.HeaderInjection, m => Set(m, "attachments", Attachment("a.pdf", "application/pdf\r\nX-Evil: 1", "JVBERg=="))),
        ["attachment-empty"] = (RuleNames.AttachmentInvalid, m => Set(m, "attachments", Attachment("a.pdf", "application/pdf", ""))),
        ["attachment-null-entry"] = (RuleNames.AttachmentInvalid, m => Set(m, "attachments", new JsonArray((JsonNode?)null))),
        ["too-many-attachments"] = (RuleNames.AttachmentInvalid, m => Set(m, "attachments", new JsonArray(Enumerable.Range(0, 21).Select(i => Attachment($"a{i}.txt", "text/plain", "YQ==")[0]!.DeepClone()).ToArray()))),
        ["internationalised-local-part"] = (RuleNames.AddressInternationalised, m => Set(m, "to", new JsonArray("josé@pasto.gov.co"))),
        ["ip-literal"] = (RuleNames.AddressInvalid, m => Set(m, "to", new JsonArray("ana@[10.0.0.1]"))),
        ["no-top-level-domain"] = (RuleNames.AddressInvalid, m => Set(m, "to", new JsonArray("ana@intranet"))),
        ["two-addresses-in-one-entry"] = (RuleNames.AddressInvalid, m => Set(m, "to", new JsonArray("ana@pasto.gov.co, luis@pasto.gov.co"))),
        ["ten-thousand-recipients"] = (RuleNames.RecipientsTooMany, m => Set(m, "bcc", new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)$"p{i}@pasto.gov.co").ToArray()))),
        ["expired"] = (RuleNames.RequestExpired, m => Set(m, "expiresAt", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))),
        ["not-before-far-ahead"] = (RuleNames.RequestNotBeforeTooFar, m => Set(m, "notBefore", DateTimeOffset.UtcNow.AddYears(1).ToString("O"))),
        ["expires-before-not-before"] = (RuleNames.RequestExpired, m => { m["notBefore"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O"); return Set(m, "expiresAt", DateTimeOffset.UtcNow.AddDays(1).ToString("O")); }),
        ["too-many-tags"] = (RuleNames.UnknownValue, m => Set(m, "tags", new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)$"t{i}").ToArray()))),
        ["duplicate-recipients"] = (Accepted, m => { m["cc"] = new JsonArray("ANA.PEREZ@pasto.gov.co"); return Set(m, "to", new JsonArray("ana.perez@pasto.gov.co", "Ana <ana.perez@pasto.gov.co>")); }),
        ["idn-domain"] = (Accepted, m => Set(m, "to", new JsonArray("ana@alcaldía-pasto.gov.co"))),
        ["display-name-with-comma-and-quotes"] = (Accepted, m => Set(m, "to", new JsonArray("\"Pérez, Ana \\\"la jefa\\\"\" <ana@pasto.gov.co>"))),
        ["enum-as-number"] = (Accepted, m => Set(m, "priority", 1)),
    };

    public static TheoryData<string> Kinds() => new(Cases.Keys);

    [Fact]
    public void There_are_at_least_fifty_kinds() => Assert.True(Cases.Count >= 50, $"{Cases.Count} kinds");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_kind_is_refused_with_its_rule_or_handled_as_documented(string kind)
    {
        var (expected, make) = Cases[kind];
        var request = Requests.Valid($"HTTP malformado {kind}");

        using var response = await queue.Intranet.PostAsync("/v1/messages", new ByteArrayContent(make(request)) { Headers = { { "Content-Type", "application/json" } } });

        var text = await response.Content.ReadAsStringAsync();
        if (expected == Accepted)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
            return;
        }

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {text}");
        Assert.Contains(expected, Rules(text));
    }

    /// <summary>Every rule a problem document names: its own and its violations'.</summary>
    static HashSet<string> Rules(string problem)
    {
        using var document = JsonDocument.Parse(problem);
        var rules = new HashSet<string>();
        if (document.RootElement.TryGetProperty("rule", out var rule) && rule.ValueKind == JsonValueKind.String)
        {
            rules.Add(rule.GetString()!);
        }

        if (document.RootElement.TryGetProperty("violations", out var violations) && violations.ValueKind == JsonValueKind.Array)
        {
            rules.UnionWith(violations.EnumerateArray().Select(v => v.GetProperty("rule").GetString()!));
        }

        return rules;
    }

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    static byte[] Set(JsonObject message, string property, JsonNode? value)
    {
        message[property] = value;
        return Utf8(message.ToJsonString());
    }

    static byte[] Remove(JsonObject message, string property)
    {
        message.Remove(property);
        return Utf8(message.ToJsonString());
    }

    /// <summary>0xC3 0x28 is not UTF-8: a lead byte followed by no continuation byte, inside the body's text.</summary>
    static byte[] Corrupt(byte[] body)
    {
        var at = body.AsSpan().IndexOf("Buenos"u8);
        return [.. body[..at], 0xC3, 0x28, .. body[at..]];
    }

    static JsonArray Attachment(string fileName, string contentType, string content) =>
        new(new JsonObject { ["fileName"] = fileName, ["contentType"] = contentType, ["content"] = content });
}
