using System.Text;
using System.Text.Json.Nodes;
using Queue.Contracts;

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
        ["attachment-not-base64"] = (RuleNames.RequestUnreadable, m => Set(m, "attachments", InvalidRequests.Attachment("a.pdf", "application/pdf", "###"))),
        ["attachments-an-object"] = (RuleNames.RequestUnreadable, m => Set(m, "attachments", new JsonObject())),
        ["subject-an-object"] = (RuleNames.RequestUnreadable, m => Set(m, "subject", new JsonObject { ["a"] = 1 })),
        ["text-body-a-number"] = (RuleNames.RequestUnreadable, m => Set(m, "textBody", 42)),
        ["tags-an-object"] = (RuleNames.RequestUnreadable, m => Set(m, "tags", new JsonObject())),
        ["invalid-utf8"] = (RuleNames.RequestUnreadable, Envelope),
        ["body-lone-surrogate"] = (RuleNames.RequestUnreadable, m => Envelope(m).Replace("Buenos", "\\ud800Buenos")),
        // Readable, refused by validation, beyond the kinds shared with the HTTP suite.
        ["huge-body"] = (RuleNames.MessageTooLarge, m => Set(m, "textBody", new string('x', 2_000_000))),
        ["huge-attachment"] = (RuleNames.MessageTooLarge, m => Set(m, "attachments", InvalidRequests.Attachment("big.bin", "application/octet-stream", Convert.ToBase64String(new byte[1_500_000])))),
        ["application-crlf"] = (RuleNames.HeaderInjection, m => Envelope(m).Replace("\"application\":\"", "\"application\":\"x\\r\\n")),
        // Readable and sent: the bus ignores properties it does not know.
        ["unknown-extra-property"] = (Sent, m => Set(m, "colour", "blue")),
    };

    static MalformedInputTests()
    {
        foreach (var (kind, (expected, change)) in InvalidRequests.Kinds)
        {
            Cases[kind] = (expected == InvalidRequests.Handled ? Sent : expected, m =>
            {
                change(m);
                return Envelope(m);
            });
        }
    }

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
        return kind == "invalid-utf8" ? InvalidRequests.CorruptUtf8(body) : body;
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

}
