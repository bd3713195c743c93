using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>HTTP intake through the real bus: the dispatcher sends what the gateway published, once.</summary>
public class IntakeTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_request_posted_over_http_is_sent_and_its_status_says_when_with_the_smtp_reply()
    {
        var request = Requests.Valid("Pasarela HTTP");

        using var response = await Requests.PostAsync(queue.Intranet, request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await Requests.JsonAsync(response);
        Assert.Equal(Requests.Id(request), body.GetProperty("requestId").GetGuid());
        Assert.False(body.GetProperty("replayed").GetBoolean());
        Assert.Equal(response.Headers.Location!.ToString(), body.GetProperty("statusUrl").GetString());
        var mail = Assert.Single(await queue.Sink.WaitForAsync(m => m.Subject == Requests.Subject(request)));
        Assert.Equal("intranet@pasto.gov.co", mail.From);
        Assert.Equal(["ana.perez@pasto.gov.co"], mail.To);

        var status = await queue.WaitForStateAsync(Requests.Id(request), "sent");
        Assert.StartsWith("250", status.GetProperty("smtpReply").GetString());
        Assert.Matches("^<.+@pasto\\.gov\\.co>$", status.GetProperty("messageId").GetString());
        Assert.Equal("intranet", status.GetProperty("application").GetString());
        var states = status.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("state").GetString()).ToList();
        Assert.Equal(["received", "accepted", "sent"], states);

        var accepted = await queue.Events.WaitForAsync<EmailAccepted>(Requests.Id(request));
        Assert.Equal("intranet", accepted.Application);
    }

    [Fact]
    public async Task The_same_request_id_twice_is_one_request_published_once()
    {
        var request = Requests.Valid("Duplicado HTTP");

        using var first = await Requests.PostAsync(queue.Intranet, request);
        using var second = await Requests.PostAsync(queue.Intranet, request);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True((await Requests.JsonAsync(second)).GetProperty("replayed").GetBoolean());
        await queue.WaitForStateAsync(Requests.Id(request), "sent");
        await queue.WaitUntilIdleAsync();
        Assert.Single(queue.Events.All<EmailAccepted>(), e => e.RequestId == Requests.Id(request));
        Assert.Single(await queue.Sink.WithSubjectAsync(Requests.Subject(request)));

        // Another application may not take over the id.
        using var other = await Requests.PostAsync(queue.Sistemas, request.DeepClone().AsObject().Also(r => r["from"] = "soportesistemas@pasto.gov.co"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("request.id-taken", (await Requests.JsonAsync(other)).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_400_naming_every_field_and_rule_and_nothing_is_published()
    {
        var request = new JsonObject
        {
            ["requestId"] = Guid.Empty.ToString(),
            ["from"] = "intranet@pasto.gov.co",
            ["to"] = new JsonArray("not an address", "ok@pasto.gov.co"),
            ["subject"] = "Línea uno\r\nBcc: intruso@example.com",
            ["attachments"] = new JsonArray(new JsonObject { ["fileName"] = "../etc/passwd", ["contentType"] = "application/pdf", ["content"] = "" }),
        };

        using var response = await Requests.PostAsync(queue.Intranet, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Requests.JsonAsync(response);
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Contains(errors["requestId"], e => e.StartsWith(RuleNames.RequestId));
        Assert.Contains(errors["to[0]"], e => e.StartsWith(RuleNames.AddressInvalid));
        Assert.Contains(errors["subject"], e => e.StartsWith(RuleNames.HeaderInjection));
        Assert.Contains(errors["textBody"], e => e.StartsWith(RuleNames.BodyMissing));
        Assert.Contains(errors["attachments[0].fileName"], e => e.StartsWith(RuleNames.AttachmentInvalid));
        Assert.Contains(errors["attachments[0].content"], e => e.StartsWith(RuleNames.AttachmentInvalid));
        Assert.False(errors.ContainsKey("to[1]"));
        Assert.Equal(6, problem.GetProperty("violations").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"requestId\": 5}", "$.requestId")]
    [InlineData("{\"category\": \"Urgentísimo\"}", "$.category")]
    [InlineData("{\"tos\": [\"a@pasto.gov.co\"]}", "$.tos")]
    [InlineData("{\"subject\": ", "$.subject")]
    public async Task A_body_that_is_not_a_send_email_is_refused_naming_where(string json, string path)
    {
        using var response = await queue.Intranet.PostAsync("/v1/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Requests.JsonAsync(response);
        Assert.Equal("request.body-unreadable", problem.GetProperty("rule").GetString());
        Assert.Equal(path, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_whether_its_length_is_announced_or_not()
    {
        var request = Requests.Valid("Demasiado grande");
        request["attachments"] = new JsonArray(new JsonObject
        {
            ["fileName"] = "grande.pdf", ["contentType"] = "application/pdf", ["content"] = Convert.ToBase64String(new byte[300_000]),
        });
        var json = Encoding.UTF8.GetBytes(request.ToJsonString());

        using var announced = await queue.Intranet.PostAsync("/v1/messages", new ByteArrayContent(json) { Headers = { ContentType = new("application/json") } });
        using var chunked = await queue.Intranet.PostAsync("/v1/messages", new StreamContent(new UnknownLengthStream(json)) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal("request.body-too-large", (await Requests.JsonAsync(announced)).GetProperty("rule").GetString());
        using var status = await queue.Operator.GetAsync($"/v1/messages/{Requests.Id(request)}");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task A_key_may_not_send_as_an_account_its_application_was_not_granted()
    {
        var request = Requests.Valid("Suplantación", from: "intranet@pasto.gov.co");

        using var response = await Requests.PostAsync(queue.Sistemas, request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Requests.JsonAsync(response);
        Assert.Equal("auth.sender-not-granted", problem.GetProperty("rule").GetString());
        Assert.Contains("soportesistemas@pasto.gov.co", problem.GetProperty("detail").GetString());
        using var status = await queue.Operator.GetAsync($"/v1/messages/{Requests.Id(request)}");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);

        // The same key sends as its own account.
        using var own = await Requests.PostAsync(queue.Sistemas, Requests.Valid("Cuenta propia", from: "soportesistemas@pasto.gov.co"));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    [Fact]
    public async Task Without_a_key_only_health_the_openapi_document_and_the_status_page_shell_answer()
    {
        using var send = await Requests.PostAsync(queue.Anonymous, Requests.Valid("Sin clave"));
        using var quotas = await queue.Anonymous.GetAsync("/v1/quotas");
        using var forged = await queue.Client("qk_0123456789ab_forged").GetAsync("/v1/quotas");

        Assert.Equal(HttpStatusCode.Unauthorized, send.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, quotas.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("X-Api-Key", send.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, (await queue.Anonymous.GetAsync("/health/ready")).StatusCode);
        var openApi = await queue.Anonymous.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/messages", openApi);
        Assert.Contains("X-Api-Key", openApi);
        Assert.Contains("<form id=\"login\"", await queue.Anonymous.GetStringAsync("/status/"));

        // A key works as a bearer token too; one without the scope is told which scope it lacks.
        var bearer = queue.Client(null);
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", queue.Keys.Reader);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/v1/quotas")).StatusCode);
        using var readerSends = await Requests.PostAsync(bearer, Requests.Valid("Solo lectura"));
        Assert.Equal(HttpStatusCode.Forbidden, readerSends.StatusCode);
        Assert.Equal("auth.scope-missing", (await Requests.JsonAsync(readerSends)).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_sending_key_sees_the_status_of_its_own_requests_only()
    {
        var own = Requests.Valid("Estado propio");
        using (await Requests.PostAsync(queue.Intranet, own))
        {
        }

        var others = Requests.Valid("Estado ajeno", from: "soportesistemas@pasto.gov.co");
        using (await Requests.PostAsync(queue.Sistemas, others))
        {
        }

        Assert.Equal(HttpStatusCode.OK, (await queue.Intranet.GetAsync($"/v1/messages/{Requests.Id(own)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await queue.Intranet.GetAsync($"/v1/messages/{Requests.Id(others)}")).StatusCode);
    }
}
