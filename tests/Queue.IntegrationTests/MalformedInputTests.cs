using System.Text;
using System.Text.Json.Nodes;
using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;

namespace Queue.IntegrationTests;

public class MalformedInputFixture : DispatcherFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Validation:MaxMessageBytes", "1048576")];
}

/// <summary>
/// More than fifty kinds of bad input, published as raw envelopes the way any AMQP client can: each gets its specific
/// rejection (or the documented handling), nothing is sent by mistake, and the queue keeps flowing.
/// </summary>
public class MalformedInputTests(MalformedInputFixture dispatcher) : IClassFixture<MalformedInputFixture>
{
    /// <summary>What is expected: a rule that rejects it, or <see cref="Sent"/> for input handled by documented rules.</summary>
    const string Sent = "sent";

    static readonly Dictionary<string, (string Expected, Func<JsonObject, string> Make)> Cases = new()
    {
        // Not readable as a SendEmail at all: error queue plus a rejection with what could be salvaged.
        ["not-json"] = (RuleNames.RequestUnreadable, _ => "this is not json {"),
        ["truncated-json"] = (RuleNames.RequestUnreadable, m => Envelope(m)[..40]),
        ["array-root"] = (RuleNames.RequestUnreadable, _ => "[1, 2, 3]"),
        ["message-is-a-string"] = (RuleNames.RequestUnreadable, m => Envelope(m).Replace(m.ToJsonString(), "\"hola\"")),
        ["request-id-not-a-guid"] = (RuleNames.RequestUnreadable, m => Set(m, "requestId", "abc")),
        ["request-id-a-number"] = (RuleNames.RequestUnreadable, m => Set(m, "requestId", 42)),
        ["to-a-string"] = (RuleNames.RequestUnreadable, m => Set(m, "to", "ana@pasto.gov.co")),
        ["to-with-a-number"] = (RuleNames.RequestUnreadable, m => Set(m, "to", new JsonArray(42))),
        ["category-unknown-name"] = (RuleNames.RequestUnreadable, m => Set(m, "category", "Gossip")),
        ["priority-unknown-name"] = (RuleNames.RequestUnreadable, m => Set(m, "priority", "Highest")),
        ["not-before-not-a-date"] = (RuleNames.RequestUnreadable, m => Set(m, "notBefore", "mañana")),
        ["attachment-not-base64"] = (RuleNames.RequestUnreadable, m => Set(m, "attachments", Json("""[{"fileName":"a.pdf","contentType":"application/pdf","content":"###"}]"""))),
        ["attachments-an-object"] = (RuleNames.RequestUnreadable, m => Set(m, "attachments", new JsonObject())),
        ["subject-an-object"] = (RuleNames.RequestUnreadable, m => Set(m, "subject", new JsonObject { ["a"] = 1 })),
        ["text-body-a-number"] = (RuleNames.RequestUnreadable, m => Set(m, "textBody", 42)),
        ["tags-an-object"] = (RuleNames.RequestUnreadable, m => Set(m, "tags", new JsonObject())),
        ["invalid-utf8"] = (RuleNames.RequestUnreadable, Envelope),
        // Readable, refused by validation.
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
        ["body-lone-surrogate"] = (RuleNames.RequestUnreadable, m => Envelope(m).Replace("Buenos", "\\ud800Buenos")),
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
        ["huge-body"] = (RuleNames.MessageTooLarge, m => Set(m, "textBody", new string('x', 2_000_000))),
        ["huge-attachment"] = (RuleNames.MessageTooLarge, m => Set(m, "attachments", Attachment("big.bin", "application/octet-stream", Convert.ToBase64String(new byte[1_500_000])))),
        ["expired"] = (RuleNames.RequestExpired, m => Set(m, "expiresAt", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))),
        ["not-before-far-ahead"] = (RuleNames.RequestNotBeforeTooFar, m => Set(m, "notBefore", DateTimeOffset.UtcNow.AddYears(1).ToString("O"))),
        ["expires-before-not-before"] = (RuleNames.RequestExpired, m => { m["notBefore"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O"); return Set(m, "expiresAt", DateTimeOffset.UtcNow.AddDays(1).ToString("O")); }),
        ["application-crlf"] = (RuleNames.HeaderInjection, m => Envelope(m).Replace("\"application\":\"", "\"application\":\"x\\r\\n")),
        ["too-many-tags"] = (RuleNames.UnknownValue, m => Set(m, "tags", new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)$"t{i}").ToArray()))),
        // Readable and sent, by documented rules.
        ["duplicate-recipients"] = (Sent, m => { m["cc"] = new JsonArray("ANA.PEREZ@pasto.gov.co"); return Set(m, "to", new JsonArray("ana.perez@pasto.gov.co", "Ana <ana.perez@pasto.gov.co>")); }),
        ["idn-domain"] = (Sent, m => Set(m, "to", new JsonArray("ana@alcaldía-pasto.gov.co"))),
        ["unknown-extra-property"] = (Sent, m => Set(m, "colour", "blue")),
        ["display-name-with-comma-and-quotes"] = (Sent, m => Set(m, "to", new JsonArray("\"Pérez, Ana \\\"la jefa\\\"\" <ana@pasto.gov.co>"))),
        ["enum-as-number"] = (Sent, m => Set(m, "priority", 1)),
    };

    public static TheoryData<string> Kinds() => new(Cases.Keys);

    [Fact]
    public void There_are_at_least_fifty_kinds() => Assert.True(Cases.Count >= 50, $"{Cases.Count} kinds");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_kind_gets_its_rejection_or_documented_handling_and_nothing_is_sent_by_mistake(string kind)
    {
        var (expected, make) = Cases[kind];
        var application = $"malformed-{kind}-{Guid.NewGuid():N}";
        var requestId = Guid.NewGuid();
        var subject = $"Malformado {kind} {requestId:N}";
        var message = new JsonObject
        {
            ["requestId"] = requestId.ToString(), ["from"] = "intranet@pasto.gov.co", ["to"] = new JsonArray("ana.perez@pasto.gov.co"),
            ["subject"] = subject, ["textBody"] = "Buenos días.", ["application"] = application,
        };
        var body = Body(kind, message);

        var unreadableBefore = dispatcher.Events.All<EmailRejected>().Count(r => r.Violations.Any(v => v.Rule == RuleNames.RequestUnreadable));
        await dispatcher.Events.PublishRawAsync("Queue.Contracts:SendEmail", body);

        if (expected == Sent)
        {
            var sent = await dispatcher.Events.WaitForAsync<EmailSent>(requestId);
            Assert.Single(await dispatcher.Sink.WaitForAsync(m => m.Subject == subject));
            Assert.Equal(sent.Recipients.Count, sent.Recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            return;
        }

        // The rejection names the application when the body is readable enough; otherwise it is the next one.
        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(r =>
            r.Application == application || (r.RequestId == requestId && r.Application?.Contains(application) == true)
            || (r.Application is null && r.Violations.Any(v => v.Rule == RuleNames.RequestUnreadable)
                && dispatcher.Events.All<EmailRejected>().Count(x => x.Violations.Any(v => v.Rule == RuleNames.RequestUnreadable)) > unreadableBefore));
        Assert.Contains(rejected.Violations, v => v.Rule == expected);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        await dispatcher.WaitUntilIdleAsync();
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(subject));
        Assert.DoesNotContain(dispatcher.Events.All<EmailSent>(), e => e.RequestId == requestId);
    }

    [Fact]
    public async Task After_every_kind_of_bad_input_a_valid_request_still_goes_out()
    {
        var burst = $"Ráfaga {Guid.NewGuid():N}";
        foreach (var kind in Cases.Where(c => c.Value.Expected != Sent).Select(c => c.Key))
        {
            var message = new JsonObject
            {
                ["requestId"] = Guid.NewGuid().ToString(), ["from"] = "intranet@pasto.gov.co", ["to"] = new JsonArray("ana@pasto.gov.co"),
                ["subject"] = $"{burst} {kind}", ["textBody"] = "Buenos días.", ["application"] = "burst",
            };
            await dispatcher.Events.PublishRawAsync("Queue.Contracts:SendEmail", Body(kind, message));
        }

        var valid = DispatcherFixture.Request("Después de la ráfaga");
        await dispatcher.PublishAsync(valid);
        await dispatcher.Events.WaitForAsync<EmailSent>(valid.RequestId, TimeSpan.FromSeconds(60));
        var leaked = (await dispatcher.Sink.AllAsync()).Where(m => m.Subject.StartsWith(burst, StringComparison.Ordinal)).Select(m => m.Subject).ToList();
        Assert.True(leaked.Count == 0, $"sent by mistake: {string.Join(", ", leaked)}");
    }

    static byte[] Body(string kind, JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(Cases[kind].Make(message));
        if (kind == "invalid-utf8")
        {
            // 0xC3 0x28 is not UTF-8: a lead byte followed by no continuation byte, inside the body's text.
            var at = body.AsSpan().IndexOf("Buenos"u8);
            body = [.. body[..at], 0xC3, 0x28, .. body[at..]];
        }

        return body;
    }

    static string Envelope(JsonObject message) => new JsonObject
    {
        ["messageId"] = Guid.NewGuid().ToString(),
        ["messageType"] = new JsonArray("urn:message:Queue.Contracts:SendEmail"),
        ["message"] = message.DeepClone(),
    }.ToJsonString();

    static string Set(JsonObject message, string property, JsonNode? value)
    {
        message[property] = value;
        return Envelope(message);
    }

    static string Remove(JsonObject message, string property)
    {
        message.Remove(property);
        return Envelope(message);
    }

    static JsonNode Json(string json) => JsonNode.Parse(json)!;

    static JsonArray Attachment(string fileName, string contentType, string content) =>
        new(new JsonObject { ["fileName"] = fileName, ["contentType"] = contentType, ["content"] = content });
}
