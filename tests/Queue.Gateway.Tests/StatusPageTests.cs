using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>The status page in headless Chromium, showing what really happened on this Queue.</summary>
public class StatusPageTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_status_page_shows_quotas_pauses_backlog_rejections_reputation_and_approvals()
    {
        // Real data: a sent message, a pause, a held mass mailing, a rejection, a listing.
        var sent = Requests.Valid("Para el tablero");
        var held = Requests.Valid("Boletín por aprobar", from: "soportesistemas@pasto.gov.co").Also(r =>
        {
            r["category"] = "Mass";
            r["to"] = new JsonArray("p1@pasto.gov.co", "p2@pasto.gov.co");
        });
        var rejected = Requests.Valid("Circular rechazada").Also(r => r["category"] = "Circular");
        using (await Requests.PostAsync(queue.Intranet, sent))
        using (await Requests.PostAsync(queue.Sistemas, held))
        using (await Requests.PostAsync(queue.Intranet, rejected))
        using (await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = "secretarias@pasto.gov.co", reason = "auditoría de la cuenta", by = "andrea" }))
        {
        }

        await MonitorReadModel.ListedAsync(queue.Reputation, "bl.mailspike.net", "Mailspike");
        await MonitorReadModel.CleanAsync(queue.Reputation, "zen.spamhaus.org");
        await MonitorReadModel.AuthCheckAsync(queue.Reputation, "spf", Queue.Reputation.Status.AuthCheckOutcome.Pass, "v=spf1 include:_spf.google.com -all");
        await MonitorReadModel.AuthCheckAsync(queue.Reputation, "dkim:google", Queue.Reputation.Status.AuthCheckOutcome.Fail, "no TXT record at google._domainkey");
        await queue.WaitForStateAsync(Requests.Id(sent), "sent");
        await queue.WaitForStateAsync(Requests.Id(held), "held");
        await queue.WaitForStateAsync(Requests.Id(rejected), "rejected");
        await queue.Events.WaitForAsync<SendingHoldsChanged>(e => e.Held && e.Scope == "secretarias@pasto.gov.co");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "status-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var page = await StatusPageBrowser.RunAsync(queue.BaseAddress, queue.Keys.Reader, screenshot);

        Assert.Equal("locked", page.GetProperty("locked").GetString());
        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.True(page.GetProperty("keptInTab").GetBoolean());
        var text = page.GetProperty("sections");
        Assert.Contains("auditoría de la cuenta", text.GetProperty("holds").GetString());
        Assert.Contains("secretarias@pasto.gov.co", text.GetProperty("holds").GetString());
        Assert.Contains(Requests.Subject(held), text.GetProperty("approvals").GetString());
        Assert.Contains(RuleNames.PolicyCircularSecretariat, text.GetProperty("rejections").GetString());
        Assert.Matches("bl.mailspike.net\\s+listado\\s+pasto.gov.co", text.GetProperty("reputation").GetString());
        Assert.Matches("zen.spamhaus.org\\s+limpio", text.GetProperty("reputation").GetString());
        Assert.Matches("dkim:google\\s+falla", text.GetProperty("reputation").GetString());
        Assert.Contains("auditoría de la cuenta", text.GetProperty("lanes").GetString());

        var bars = page.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(["intranet@pasto.gov.co", "secretarias@pasto.gov.co", "soportesistemas@pasto.gov.co", "domain"], bars.Select(b => b.GetProperty("account").GetString()));
        var intranetHour = bars[0].GetProperty("limits").EnumerateArray().First(l => l.GetProperty("limit").GetString() == "hour · mensajes");
        Assert.Equal("0.3%", intranetHour.GetProperty("width").GetString());
        Assert.Equal(4, bars[1].GetProperty("limits").GetArrayLength());
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot at {screenshot}");
    }
}
