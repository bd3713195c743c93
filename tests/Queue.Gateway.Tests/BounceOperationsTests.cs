using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Ctl;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>The suppression list through the ops API and queuectl, and bounced recipients in a request's status.</summary>
public class BounceOperationsTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    const string Sistemas = "soportesistemas@pasto.gov.co";

    Task<(int Exit, string Output, string Error)> CtlAsync(string? key, params string[] args) => queue.QueuectlAsync(key, args);

    [Fact]
    public async Task An_operator_suppresses_an_address_a_confidential_notice_to_it_is_rejected_and_the_removal_is_audited()
    {
        var address = $"baja-{Guid.NewGuid():N}"[..16] + "@pasto.gov.co";

        using var invalid = await queue.Operator.PostAsJsonAsync("/v1/suppressions", new { address = "no es correo", domain = "pasto.gov.co" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await Requests.JsonAsync(invalid)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("address", out _));
        Assert.True(errors.TryGetProperty("reason", out _));
        using var notOperator = await queue.Client(queue.Keys.Reader).PostAsJsonAsync("/v1/suppressions", new { address, reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, notOperator.StatusCode);

        var added = await CtlAsync(queue.Keys.Operator, "suppressions", "add", address, "--reason", "buzón cerrado (aviso de la oficina)", "--domain", "pasto.gov.co", "--by", "andrea");
        Assert.Equal((0, ""), (added.Exit, added.Error));
        Assert.Contains($"{address} suppressed for all mail from pasto.gov.co", added.Output);
        var listed = await CtlAsync(queue.Keys.Reader, "suppressions", "list", "--address", address);
        Assert.Matches($@"(?m)^pasto\.gov\.co +{address.Replace(".", "\\.")} +Operator +AllMail ", listed.Output);

        var notice = Requests.Valid("Notificación de cobro", from: Sistemas);
        notice["category"] = "Confidential";
        notice["to"] = new JsonArray(address);
        using (await Requests.PostAsync(queue.Sistemas, notice))
        {
        }

        var rejected = await queue.WaitForStateAsync(Requests.Id(notice), "rejected");
        Assert.Equal(RuleNames.RecipientSuppressed, rejected.GetProperty("violations")[0].GetProperty("rule").GetString());
        Assert.Contains("Operator", rejected.GetProperty("violations")[0].GetProperty("message").GetString());

        var removed = await CtlAsync(queue.Keys.Operator, "suppressions", "remove", address, "--domain", "pasto.gov.co", "--by", "andrea");
        Assert.Equal(0, removed.Exit);
        using var again = await queue.Operator.DeleteAsync($"/v1/suppressions/{address}?domain=pasto.gov.co");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var audit = (await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/audit")).EnumerateArray()
            .Where(a => a.GetProperty("target").GetString()!.StartsWith(address, StringComparison.Ordinal)).Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["unsuppress", "suppress"], audit);
    }

    [Fact]
    public async Task A_bounce_after_sending_shows_in_the_request_status_and_the_rates()
    {
        var request = Requests.Valid("Aviso que rebotará", from: Sistemas);
        using (await Requests.PostAsync(queue.Sistemas, request))
        {
        }

        await queue.WaitForStateAsync(Requests.Id(request), "sent");
        await queue.Services.GetRequiredService<IBus>().Publish(new EmailBounced
        {
            RequestId = Requests.Id(request), From = Sistemas, Recipient = "ana.perez@pasto.gov.co", Class = BounceClass.Hard, Status = "5.1.1",
            Diagnostic = "550 5.1.1 user unknown", Suppressed = true, ReportId = "<r1@mx>", ReportedAt = DateTimeOffset.UtcNow,
        });

        var status = await Eventually.ReadAsync(
            async () => await queue.Operator.GetFromJsonAsync<JsonElement>($"/v1/messages/{Requests.Id(request)}"),
            s => s.GetProperty("bounced").GetArrayLength() == 1, "the bounce did not reach the request's status");
        Assert.Equal("sent", status.GetProperty("state").GetString());
        var bounced = status.GetProperty("bounced")[0];
        Assert.Equal(("ana.perez@pasto.gov.co", "Hard", "5.1.1", true),
            (bounced.GetProperty("recipient").GetString(), bounced.GetProperty("class").GetString(), bounced.GetProperty("status").GetString(), bounced.GetProperty("suppressed").GetBoolean()));

        var rates = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/bounces");
        var account = Assert.Single(rates.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == Sistemas);
        Assert.True(account.GetProperty("sent").GetInt64() >= 1);
        var table = await CtlAsync(queue.Keys.Reader, "bounces");
        Assert.Matches(@"(?m)^ACCOUNT +SENT 24H +HARD", table.Output);
    }
}
