using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;
using Queue.Reputation.Status;

namespace Queue.Gateway.Tests;

/// <summary>
/// The status page in headless Chromium at a desk (1,400 px) and on a phone (360 px), showing what really happened
/// on this Queue, in Spanish, without sideways scrolling; the communications office approves from it.
/// </summary>
public class StatusPageTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    static readonly string[] English = ["hour", "Pause", "recipients", "messages", "Notification", "unknown", "resumed by hand"];

    [Fact]
    public async Task The_status_page_shows_quotas_pauses_stalled_lanes_rejections_reputation_and_approvals_at_both_widths()
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
        await MonitorReadModel.AuthCheckAsync(queue.Reputation, "spf", AuthCheckOutcome.Pass, "v=spf1 include:_spf.google.com -all");
        await MonitorReadModel.AuthCheckAsync(queue.Reputation, "dkim:google", AuthCheckOutcome.Fail, "no TXT record at google._domainkey");
        await queue.WaitForStateAsync(Requests.Id(sent), "sent");
        await queue.WaitForStateAsync(Requests.Id(held), "held");
        await queue.WaitForStateAsync(Requests.Id(rejected), "rejected");
        await queue.Events.WaitForAsync<SendingHoldsChanged>(e => e.Held && e.Scope == "secretarias@pasto.gov.co");

        var page = await RunAsync("status-page", new Dictionary<string, string>
        {
            ["APPROVE_REQUEST"] = Requests.Id(held).ToString(), ["QUEUE_READER_KEY"] = queue.Keys.Reader,
        });

        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.True(page.GetProperty("keptInTab").GetBoolean());
        foreach (var width in new[] { "1400", "360" })
        {
            var view = page.GetProperty("widths").GetProperty(width);
            AssertNoSidewaysScroll(view, width);
            Assert.Equal("locked", view.GetProperty("locked").GetString());
            var text = view.GetProperty("sections");
            Assert.Contains("auditoría de la cuenta", Section(text, "holds"));
            Assert.Contains("secretarias@pasto.gov.co", Section(text, "holds"));
            Assert.Contains("hasta reanudar", Section(text, "holds"));

            var approvals = Section(text, "approvals");
            Assert.Contains(Requests.Id(held).ToString(), approvals);
            Assert.Contains("soportesistemas@pasto.gov.co", approvals);
            Assert.Contains("masivo", approvals);
            Assert.Contains("2 destinatarios", approvals);
            Assert.Contains(Requests.Subject(held), approvals);
            Assert.Contains(RuleNames.PolicyMassCommunicationsOffice, approvals);
            Assert.Contains("las comunicaciones masivas salen por la Oficina de Comunicación Social", approvals);
            Assert.Equal([Requests.Id(held).ToString()], view.GetProperty("approveButtons").EnumerateArray().Select(e => e.GetString()));

            Assert.Contains(RuleNames.PolicyCircularSecretariat, Section(text, "rejections"));
            Assert.Contains("las circulares y actos administrativos salen desde secretarias@", Section(text, "rejections"));
            Assert.Matches("bl.mailspike.net\\s+(Estado\\s+)?listado\\s+(Listado\\s+)?pasto.gov.co", Section(text, "reputation"));
            Assert.Matches("zen.spamhaus.org\\s+(Estado\\s+)?limpio", Section(text, "reputation"));
            Assert.Matches("DKIM \\(selector google\\)\\s+(Resultado\\s+)?falla", Section(text, "reputation"));
            Assert.Matches("SPF\\s+(Resultado\\s+)?correcto", Section(text, "reputation"));

            // The paused lane stands out, with its reason and until when.
            Assert.Contains("secretarias@pasto.gov.co", view.GetProperty("stalled").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains("detenido", Section(text, "lanes"));
            // The lane names the operator's reason and who paused it (the relayed person and key), then how long.
            Assert.Matches(@"auditoría de la cuenta \(andrea[^\n]*\) \(hasta reanudar\)", Section(text, "lanes"));

            foreach (var id in new[] { "quotas", "holds", "lanes", "approvals", "reputation", "rejections" })
            {
                Assert.All(English, word => Assert.DoesNotContain(word, Section(text, id)));
            }

            Assert.True(new FileInfo(view.GetProperty("screenshot").GetString()!).Length > 10_000, $"screenshot at {view.GetProperty("screenshot")}");
        }

        var bars = page.GetProperty("widths").GetProperty("1400").GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(["intranet@pasto.gov.co", "secretarias@pasto.gov.co", "soportesistemas@pasto.gov.co", "domain"], bars.Select(b => b.GetProperty("account").GetString()));
        var intranetHour = bars[0].GetProperty("limits").EnumerateArray().First(l => l.GetProperty("limit").GetString() == "hour:messages");
        Assert.Equal("hora · mensajes", intranetHour.GetProperty("label").GetString());
        Assert.Equal("0.3%", intranetHour.GetProperty("width").GetString());
        Assert.Equal(4, bars[1].GetProperty("limits").GetArrayLength());

        // Approved from the page by the communications office's key; a read-only key gets no buttons.
        Assert.Contains("aprobada", page.GetProperty("approved").GetString());
        var decided = await queue.Events.WaitForAsync<EmailApprovalDecided>(e => e.RequestId == Requests.Id(held));
        Assert.True(decided.Approved);
        Assert.Equal("aprobado desde el tablero", decided.Comment);
        Assert.Equal(0, page.GetProperty("readerButtons").GetInt32());
    }

    [Fact]
    public async Task Dns_checks_read_unknown_while_the_monitors_resolver_does_not_answer()
    {
        await MonitorReadModel.AuthCheckAsync(queue.Reputation, "dmarc", AuthCheckOutcome.Fail, "no DMARC record at _dmarc.pasto.gov.co");
        var zones = (await queue.Reputation.ReadAsync()).Zones.Select(z => z.Zone).Append("b.barracudacentral.org").Distinct();
        foreach (var zone in zones)
        {
            await MonitorReadModel.DegradedAsync(queue.Reputation, zone, "test entries got no answer (timeout)");
        }

        var api = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/reputation");
        Assert.False(api.GetProperty("resolver").GetProperty("healthy").GetBoolean());
        Assert.All(api.GetProperty("authChecks").EnumerateArray(), c => Assert.Equal("Unknown", c.GetProperty("outcome").GetString()));

        var page = await RunAsync("status-page-resolver-down");
        foreach (var width in new[] { "1400", "360" })
        {
            var view = page.GetProperty("widths").GetProperty(width);
            AssertNoSidewaysScroll(view, width);
            var reputation = Section(view.GetProperty("sections"), "reputation");
            Assert.Contains("El resolvedor DNS del monitor no responde", reputation);
            Assert.Matches("DMARC\\s+(Resultado\\s+)?desconocido", reputation);
            Assert.DoesNotContain("falla", reputation);
        }
    }

    async Task<JsonElement> RunAsync(string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshots)!);
        return await StatusPageBrowser.RunAsync(queue.BaseAddress, queue.Keys.Approver, screenshots, environment);
    }

    static string Section(JsonElement sections, string id) => sections.GetProperty(id).GetString()!;

    static void AssertNoSidewaysScroll(JsonElement view, string width)
    {
        var overflow = view.GetProperty("overflow");
        var scroll = overflow.GetProperty("scrollWidth").GetInt32();
        var client = overflow.GetProperty("clientWidth").GetInt32();
        Assert.True(scroll <= client, $"at {width} px the page is {scroll} px wide in a {client} px window");
        Assert.Empty(overflow.GetProperty("widest").EnumerateArray());
    }
}
