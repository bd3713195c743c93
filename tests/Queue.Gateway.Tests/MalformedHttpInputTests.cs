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
        ["attachment-not-base64"] = (Unreadable, m => Set(m, "attachments", InvalidRequests.Attachment("a.pdf", "application/pdf", "###"))),
        ["attachments-an-object"] = (Unreadable, m => Set(m, "attachments", new JsonObject())),
        ["subject-an-object"] = (Unreadable, m => Set(m, "subject", new JsonObject { ["a"] = 1 })),
        ["text-body-a-number"] = (Unreadable, m => Set(m, "textBody", 42)),
        ["tags-an-object"] = (Unreadable, m => Set(m, "tags", new JsonObject())),
        ["invalid-utf8"] = (Unreadable, m => InvalidRequests.CorruptUtf8(Utf8(m.ToJsonString()))),
        ["lone-surrogate"] = (Unreadable, m => Utf8(m.ToJsonString().Replace("Buenos", "\\ud800Buenos"))),
        ["unknown-property"] = (Unreadable, m => Set(m, "tos", new JsonArray("ana@pasto.gov.co"))),
        ["attachment-without-media-type"] = (Unreadable, m => Set(m, "attachments", new JsonArray(new JsonObject { ["fileName"] = "a.pdf", ["content"] = "JVBERg==" }))),
    };

    static MalformedHttpInputTests()
    {
        foreach (var (kind, (expected, change)) in InvalidRequests.Kinds)
        {
            Cases[kind] = (expected == InvalidRequests.Handled ? Accepted : expected, m =>
            {
                change(m);
                return Utf8(m.ToJsonString());
            });
        }
    }

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

}
