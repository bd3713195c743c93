using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>Bad query values and command bodies get 4xx problem details; a command whose body cannot be read changes nothing.</summary>
public class MalformedOperationsInputTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    const string Secretarias = "secretarias@pasto.gov.co";

    [Theory]
    [InlineData("/v1/rejections?count=abc")]
    [InlineData("/v1/audit?count=abc")]
    [InlineData("/v1/approvals/audit?count=abc")]
    [InlineData("/v1/audit?count=99999999999999999999")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_problem(string path)
    {
        using var response = await queue.Approver.GetAsync(path);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "request.parameter-invalid");
    }

    [Theory]
    [InlineData("/v1/pause", """{"account": 42, "reason": "x"}""")]
    [InlineData("/v1/pause", """{"reason": ["x"]}""")]
    [InlineData("/v1/pause", """{"reason": "x", "until": "mañana"}""")]
    [InlineData("/v1/resume", """{"account": {}}""")]
    [InlineData("/v1/resume", """{"by": 7}""")]
    [InlineData("/v1/approvals/6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10/approve", """{"comment": 1}""")]
    [InlineData("/v1/approvals/6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10/approve", """{"advisedBy": ["ThePope"]}""")]
    [InlineData("/v1/approvals/6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10/deny", """{"reason": false}""")]
    public async Task A_command_body_with_wrong_types_is_a_400_problem(string path, string body)
    {
        var client = path.Contains("approvals") ? queue.Approver : queue.Operator;
        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "request.body-unreadable");
    }

    [Fact]
    public async Task Reasons_comments_and_names_have_a_length_limit()
    {
        using var pause = await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = Secretarias, reason = new string('x', 501) });
        using var by = await queue.Operator.PostAsJsonAsync("/v1/resume", new { account = Secretarias, by = new string('x', 201) });
        using var deny = await queue.Approver.PostAsJsonAsync($"/v1/approvals/{Guid.NewGuid()}/deny", new { reason = new string('x', 501) });

        foreach (var response in new[] { pause, by, deny })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("at most", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_resume_whose_body_cannot_be_read_never_lifts_a_hold()
    {
        using (var pause = await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = Secretarias, reason = "revisión de seguridad", by = "andrea" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        }

        await queue.Events.WaitForAsync<SendingHoldsChanged>(e => e.Held && e.Scope == Secretarias);

        byte[][] unreadable =
        [
            [.. Encoding.UTF8.GetBytes("{\"a\": \""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")],
            [.. Encoding.UTF8.GetBytes("{\"account\": \""), 0xC3, .. Encoding.UTF8.GetBytes("\"}")],
            Encoding.UTF8.GetBytes("{\"acount\": \"secretarias@pasto.gov.co\"}"),
            Encoding.UTF8.GetBytes("{\"account\": 42}"),
            Encoding.UTF8.GetBytes("{\"account\": null"),
            Encoding.UTF8.GetBytes("null"),
            Encoding.UTF8.GetBytes("[]"),
            [],
        ];
        foreach (var body in unreadable)
        {
            using var response = await queue.Operator.PostAsync("/v1/resume", new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{Encoding.UTF8.GetString(body)} → {(int)response.StatusCode}");
        }

        using var textPlain = await queue.Operator.PostAsync("/v1/resume", new StringContent("{\"account\": null}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, textPlain.StatusCode);

        var audit = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/audit");
        Assert.DoesNotContain(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "resume");
        var holds = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/holds");
        Assert.Contains(holds.EnumerateArray(), h => h.GetProperty("scope").GetString() == Secretarias);
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string rule)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(rule, problem.RootElement.GetProperty("rule").GetString());
        Assert.DoesNotContain("   at ", text);
    }
}
