using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>Operations through the gateway change what the dispatcher does: pauses, approvals; and the status follows.</summary>
public class OperationsTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    const string Sistemas = "soportesistemas@pasto.gov.co";

    [Fact]
    public async Task Pausing_an_account_over_http_holds_its_mail_in_its_lane_and_resuming_sends_it()
    {
        using var pause = await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = Sistemas, reason = "cambio de contraseña SMTP", by = "andrea" });
        Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        var lanes = queue.Services.GetRequiredService<LaneDirectory>();
        await Eventually.TrueAsync(() => lanes.For(Sistemas).PausedUntil is not null, "the dispatcher did not pause the lane");

        var request = Requests.Valid("Retenido por pausa", from: Sistemas);
        using (await Requests.PostAsync(queue.Sistemas, request))
        {
        }

        await queue.WaitForStateAsync(Requests.Id(request), "accepted");
        var other = Requests.Valid("Otra cuenta sigue");
        using (await Requests.PostAsync(queue.Intranet, other))
        {
        }

        await queue.WaitForStateAsync(Requests.Id(other), "sent");
        Assert.Equal("accepted", (await Status(Requests.Id(request))).GetProperty("state").GetString());

        var holds = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/holds");
        var hold = Assert.Single(holds.EnumerateArray(), h => h.GetProperty("scope").GetString() == Sistemas);
        Assert.Equal("cambio de contraseña SMTP", hold.GetProperty("reason").GetString());
        Assert.StartsWith("andrea via ops (key ", hold.GetProperty("by").GetString());
        // The broker's management statistics lag by up to their collection interval (5 s).
        var lane = await Eventually.ReadAsync(() => LaneAsync(Sistemas), l => l.GetProperty("ready").GetInt64() == 1, "the lane's backlog is not 1");
        Assert.Equal(1, lane.GetProperty("openRequests").GetInt32());
        Assert.True(lane.GetProperty("oldestAgeSeconds").GetDouble() >= 0);
        Assert.Single(lane.GetProperty("holds").EnumerateArray());
        var stopped = await Eventually.ReadAsync(() => LaneAsync(Sistemas), l => l.GetProperty("state").GetString() == "Held", "the lane is not shown held");
        var why = Assert.Single(stopped.GetProperty("heldBy").EnumerateArray());
        Assert.Equal("Operator", why.GetProperty("kind").GetString());
        Assert.Contains("cambio de contraseña SMTP", why.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, stopped.GetProperty("heldUntil").ValueKind);

        using var resume = await queue.Operator.PostAsJsonAsync("/v1/resume", new { account = Sistemas, by = "andrea" });
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await queue.WaitForStateAsync(Requests.Id(request), "sent");
        var audit = (await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/audit")).EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("pause", audit);
        Assert.Contains("resume", audit);
    }

    [Fact]
    public async Task Lanes_show_how_far_a_mass_mailing_is_and_when_it_should_be_done()
    {
        const string Intranet = "intranet@pasto.gov.co";
        var until = DateTimeOffset.UtcNow.AddMinutes(10);
        using (await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = Intranet, reason = "revisión del boletín", until }))
        {
        }

        var lanes = queue.Services.GetRequiredService<LaneDirectory>();
        await Eventually.TrueAsync(() => lanes.For(Intranet).PausedUntil is not null, "the dispatcher did not pause the lane");
        var request = Requests.Valid("Boletín con avance").Also(r =>
        {
            r["category"] = "Mass";
            r["to"] = new JsonArray("b1@pasto.gov.co", "b2@pasto.gov.co", "b3@pasto.gov.co");
        });
        using (await Requests.PostAsync(queue.Intranet, request))
        {
        }

        await queue.WaitForStateAsync(Requests.Id(request), "split");
        var progress = (await LaneAsync(Intranet)).GetProperty("progress").EnumerateArray().Single(p => p.GetProperty("requestId").GetGuid() == Requests.Id(request));
        Assert.Equal(3, progress.GetProperty("total").GetInt32());
        Assert.Equal(3, progress.GetProperty("pending").GetInt32());
        Assert.InRange(progress.GetProperty("estimatedCompletion").GetDateTimeOffset(), until.AddSeconds(-1), until.AddSeconds(1));

        using (await queue.Operator.PostAsJsonAsync("/v1/resume", new { account = Intranet }))
        {
        }

        var sent = await queue.WaitForStateAsync(Requests.Id(request), "sent");
        Assert.Equal(3, sent.GetProperty("progress").GetProperty("sent").GetInt32());
        Assert.DoesNotContain((await LaneAsync(Intranet)).GetProperty("progress").EnumerateArray(), p => p.GetProperty("requestId").GetGuid() == Requests.Id(request));
    }

    [Fact]
    public async Task Pausing_needs_the_operate_scope_a_reason_and_a_known_account()
    {
        using var byApprover = await queue.Approver.PostAsJsonAsync("/v1/pause", new { reason = "no" });
        using var noReason = await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = Sistemas });
        using var unknown = await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = "nadie@pasto.gov.co", reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, byApprover.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Mass_mail_from_a_department_is_held_listed_approved_over_http_and_sent_part_by_part()
    {
        var request = Requests.Valid("Masivo por aprobar", from: Sistemas).Also(r =>
        {
            r["category"] = "Mass";
            r["to"] = new JsonArray("uno@pasto.gov.co", "dos@pasto.gov.co");
        });
        using (await Requests.PostAsync(queue.Sistemas, request))
        {
        }

        var held = await queue.WaitForStateAsync(Requests.Id(request), "held");
        Assert.Equal(RuleNames.PolicyMassCommunicationsOffice, held.GetProperty("rule").GetString());
        Assert.True(held.GetProperty("until").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        var pending = await queue.Approver.GetFromJsonAsync<JsonElement>("/v1/approvals");
        var listed = Assert.Single(pending.EnumerateArray(), a => a.GetProperty("requestId").GetGuid() == Requests.Id(request));
        Assert.Equal(2, listed.GetProperty("recipients").GetInt32());

        using var bySender = await queue.Sistemas.PostAsJsonAsync($"/v1/approvals/{Requests.Id(request)}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, bySender.StatusCode);
        using var approve = await queue.Approver.PostAsJsonAsync($"/v1/approvals/{Requests.Id(request)}/approve", new { comment = "aprobado", by = "yanet" });
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);

        var sent = await queue.WaitForStateAsync(Requests.Id(request), "sent");
        var progress = sent.GetProperty("progress");
        Assert.Equal(2, progress.GetProperty("total").GetInt32());
        Assert.Equal(2, progress.GetProperty("sent").GetInt32());
        var states = sent.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("state").GetString()).ToList();
        Assert.Equal(["received", "held", "approved", "accepted", "split"], states);
        var mails = await queue.Sink.WaitForAsync(m => m.Subject == Requests.Subject(request), count: 2);
        Assert.All(mails, m => Assert.Equal("intranet@pasto.gov.co", m.From));
        using var again = await queue.Approver.PostAsJsonAsync($"/v1/approvals/{Requests.Id(request)}/approve", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_denied_request_is_rejected_naming_who_and_why()
    {
        var request = Requests.Valid("Comercial por negar").Also(r => r["category"] = "Commercial");
        using (await Requests.PostAsync(queue.Intranet, request))
        {
        }

        await queue.WaitForStateAsync(Requests.Id(request), "held");
        using var noReason = await queue.Approver.PostAsJsonAsync($"/v1/approvals/{Requests.Id(request)}/deny", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var deny = await queue.Approver.PostAsJsonAsync($"/v1/approvals/{Requests.Id(request)}/deny", new { reason = "publicidad sin autorización", by = "yanet" });
        Assert.Equal(HttpStatusCode.Accepted, deny.StatusCode);

        var rejected = await queue.WaitForStateAsync(Requests.Id(request), "rejected");
        var violation = Assert.Single(rejected.GetProperty("violations").EnumerateArray());
        Assert.Equal(RuleNames.PolicyApprovalDenied, violation.GetProperty("rule").GetString());
        Assert.Contains("publicidad sin autorización", violation.GetProperty("message").GetString());
        Assert.Contains(rejected.GetProperty("history").EnumerateArray(), t => t.GetProperty("state").GetString() == "denied");
        Assert.Empty(await queue.Sink.WithSubjectAsync(Requests.Subject(request)));
    }

    [Fact]
    public async Task The_status_shows_deferred_until_then_sent_and_rejected_why_and_the_rejection_is_listed()
    {
        var scheduled = Requests.Valid("Programado").Also(r => r["notBefore"] = DateTimeOffset.UtcNow.AddSeconds(3).ToString("O"));
        var circular = Requests.Valid("Circular desde intranet").Also(r => r["category"] = "Circular");
        using (await Requests.PostAsync(queue.Intranet, scheduled))
        using (await Requests.PostAsync(queue.Intranet, circular))
        {
        }

        var deferred = await queue.WaitForStateAsync(Requests.Id(scheduled), "deferred");
        Assert.Equal(RuleNames.NotBefore, deferred.GetProperty("rule").GetString());
        Assert.True(deferred.GetProperty("until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-1));
        await queue.WaitForStateAsync(Requests.Id(scheduled), "sent");

        var rejected = await queue.WaitForStateAsync(Requests.Id(circular), "rejected");
        Assert.Contains(RuleNames.PolicyCircularSecretariat, rejected.GetProperty("reason").GetString());
        var recent = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/rejections");
        var listed = Assert.Single(recent.EnumerateArray(), r => r.GetProperty("requestId").GetGuid() == Requests.Id(circular));
        Assert.Equal("intranet", listed.GetProperty("application").GetString());
    }

    [Fact]
    public async Task A_confidential_notice_to_three_people_shows_its_parts_and_their_progress()
    {
        var request = Requests.Valid("Aviso confidencial").Also(r =>
        {
            r["category"] = "Confidential";
            r["to"] = new JsonArray("a1@pasto.gov.co", "a2@pasto.gov.co", "a3@pasto.gov.co");
        });
        using (await Requests.PostAsync(queue.Intranet, request))
        {
        }

        var sent = await queue.WaitForStateAsync(Requests.Id(request), "sent");
        var progress = sent.GetProperty("progress");
        Assert.Equal(3, progress.GetProperty("sent").GetInt32());
        Assert.Equal(0, progress.GetProperty("pending").GetInt32());
        var part = progress.GetProperty("parts")[0].GetProperty("requestId").GetGuid();
        var partStatus = await Status(part);
        Assert.Equal("sent", partStatus.GetProperty("state").GetString());
        Assert.Equal(Requests.Id(request), partStatus.GetProperty("partOf").GetGuid());
    }

    [Fact]
    public async Task Quotas_show_what_each_account_used_of_each_limit()
    {
        var request = Requests.Valid("Cuenta la cuota");
        using (await Requests.PostAsync(queue.Intranet, request))
        {
        }

        await queue.WaitForStateAsync(Requests.Id(request), "sent");
        var quota = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/quotas/intranet@pasto.gov.co");
        var hour = quota.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("limit").GetString() == "quota.account.hour");
        Assert.True(hour.GetProperty("messages").GetInt64() >= 1);
        Assert.Equal(hour.GetProperty("messageCap").GetInt64() - hour.GetProperty("messages").GetInt64(), hour.GetProperty("remainingMessages").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, hour.GetProperty("freesAt").ValueKind);
        Assert.Equal(3, (await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/quotas")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await queue.Operator.GetAsync("/v1/quotas/nadie@pasto.gov.co")).StatusCode);
    }

    [Fact]
    public async Task Reputation_shows_the_monitors_read_model_per_zone_with_the_dns_checks()
    {
        await MonitorReadModel.ListedAsync(queue.Reputation, "bl.mailspike.net", "Mailspike");
        await MonitorReadModel.DegradedAsync(queue.Reputation, "bl.spamcop.net", "SERVFAIL from the resolver");
        await MonitorReadModel.CleanAsync(queue.Reputation, "zen.spamhaus.org");
        await MonitorReadModel.AuthCheckAsync(queue.Reputation, "dmarc", Queue.Reputation.Status.AuthCheckOutcome.Pass, "p=reject");

        var view = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/reputation");

        var zones = view.GetProperty("zones").EnumerateArray().ToDictionary(z => z.GetProperty("zone").GetString()!, z => z.GetProperty("state").GetString());
        Assert.Equal("listed", zones["bl.mailspike.net"]);
        Assert.Equal("degraded", zones["bl.spamcop.net"]);
        Assert.Equal("clean", zones["zen.spamhaus.org"]);
        var listing = Assert.Single(view.GetProperty("listings").EnumerateArray());
        Assert.Equal("Mailspike", listing.GetProperty("list").GetString());
        Assert.Equal("Medium", listing.GetProperty("severity").GetString());
        var check = Assert.Single(view.GetProperty("authChecks").EnumerateArray());
        Assert.Equal("Pass", check.GetProperty("outcome").GetString());

        await MonitorReadModel.CleanAsync(queue.Reputation, "bl.mailspike.net");
        var cleared = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/reputation");
        Assert.Empty(cleared.GetProperty("listings").EnumerateArray());
    }

    [Fact]
    public async Task The_unsubscribe_link_of_a_mass_message_works_by_one_click_post_and_a_forged_one_does_not()
    {
        var links = queue.GatewayServices.GetRequiredService<Queue.Sending.Policy.UnsubscribeLinks>();
        var header = links.HeadersFor("pasto.gov.co", "baja@pasto.gov.co")[0].Value;
        var query = new Uri(header[1..header.IndexOf('>')]).Query;
        var oneClick = () => new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        var suppression = queue.GatewayServices.GetRequiredService<Queue.Sending.Policy.SuppressionList>();

        using var page = await queue.Anonymous.GetAsync($"/v1/unsubscribe{query}");
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        Assert.Empty(await suppression.WhichAsync("pasto.gov.co", ["baja@pasto.gov.co"]));

        using var forged = await queue.Anonymous.PostAsync($"/v1/unsubscribe{query.Replace("baja%40", "otra%40")}", oneClick());
        using var noBody = await queue.Anonymous.PostAsync($"/v1/unsubscribe{query}", null);
        using var valid = await queue.Anonymous.PostAsync($"/v1/unsubscribe{query}", oneClick());

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("unsubscribe.invalid-token", (await Requests.JsonAsync(forged)).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(["baja@pasto.gov.co"], await suppression.WhichAsync("pasto.gov.co", ["baja@pasto.gov.co", "otra@pasto.gov.co"]));
    }

    [Fact]
    public async Task A_person_clicking_the_link_gets_spanish_pages_an_error_page_for_a_forged_link_and_a_way_back()
    {
        var links = queue.GatewayServices.GetRequiredService<Queue.Sending.Policy.UnsubscribeLinks>();
        var suppression = queue.GatewayServices.GetRequiredService<Queue.Sending.Policy.SuppressionList>();
        var header = links.HeadersFor("pasto.gov.co", "vuelve@pasto.gov.co")[0].Value;
        var query = new Uri(header[1..header.IndexOf('>')]).Query;
        var browser = queue.Client(null);
        browser.DefaultRequestHeaders.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        var oneClick = () => new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);

        // A forged or truncated link: an error page on GET and on POST, nothing changes.
        foreach (var forged in new[] { query.Replace("vuelve%40", "otra%40"), query[..^3], "?d=pasto.gov.co&r=vuelve%40pasto.gov.co" })
        {
            using var page = await browser.GetAsync($"/v1/unsubscribe{forged}");
            using var post = await browser.PostAsync($"/v1/unsubscribe{forged}", oneClick());
            foreach (var response in new[] { page, post })
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                var html = await response.Content.ReadAsStringAsync();
                Assert.Contains("Enlace no válido", html);
                Assert.DoesNotContain("dejará de recibir", html);
            }
        }

        Assert.Empty(await suppression.WhichAsync("pasto.gov.co", ["vuelve@pasto.gov.co", "otra@pasto.gov.co"]));

        // The button's POST answers a page in Spanish, not JSON, with a re-subscribe link.
        using var confirmed = await browser.PostAsync($"/v1/unsubscribe{query}", oneClick());
        var confirmation = await confirmed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("text/html", confirmed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Suscripción cancelada", confirmation);
        Assert.Contains("vuelve@pasto.gov.co ya no recibirá correo masivo", confirmation);
        Assert.DoesNotContain("{\"", confirmation);
        Assert.Equal(["vuelve@pasto.gov.co"], await suppression.WhichAsync("pasto.gov.co", ["vuelve@pasto.gov.co"]));
        var back = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(confirmation, "id=\"resubscribe\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.StartsWith("/v1/resubscribe?", back);

        // The tokens do not cross: an unsubscribe token does not re-subscribe, a re-subscribe token does not unsubscribe.
        var resubscribeQuery = back[back.IndexOf('?')..];
        using (var crossed = await browser.PostAsync($"/v1/resubscribe{query}", oneClick()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
        }

        using (var crossed = await browser.PostAsync($"/v1/unsubscribe{resubscribeQuery}", oneClick()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
        }

        Assert.Equal(["vuelve@pasto.gov.co"], await suppression.WhichAsync("pasto.gov.co", ["vuelve@pasto.gov.co"]));

        // The way back: a page with a button (a GET changes nothing), then the POST.
        using var again = await browser.GetAsync(back);
        Assert.Contains("<form method=\"post\"", await again.Content.ReadAsStringAsync());
        Assert.Equal(["vuelve@pasto.gov.co"], await suppression.WhichAsync("pasto.gov.co", ["vuelve@pasto.gov.co"]));
        using var resubscribed = await browser.PostAsync(back, oneClick());
        Assert.Equal(HttpStatusCode.OK, resubscribed.StatusCode);
        Assert.Contains("Suscripción restablecida", await resubscribed.Content.ReadAsStringAsync());
        Assert.Empty(await suppression.WhichAsync("pasto.gov.co", ["vuelve@pasto.gov.co"]));
    }

    [Fact]
    public async Task An_operator_cancels_a_waiting_request_it_ends_rejected_and_is_never_sent()
    {
        using (var pause = await queue.Operator.PostAsJsonAsync("/v1/pause", new { account = Sistemas, reason = "revisión", by = "andrea" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        }

        var lanes = queue.Services.GetRequiredService<LaneDirectory>();
        await Eventually.TrueAsync(() => lanes.For(Sistemas).PausedUntil is not null, "the dispatcher did not pause the lane");
        var request = Requests.Valid("Cancelado por operador", from: Sistemas);
        using (await Requests.PostAsync(queue.Sistemas, request))
        {
        }

        var id = Requests.Id(request);
        await queue.WaitForStateAsync(id, "accepted");
        using (var missing = await queue.Operator.PostAsJsonAsync("/v1/messages/" + id + "/cancel", new { by = "andrea" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        }

        using (var cancel = await queue.Operator.PostAsJsonAsync("/v1/messages/" + id + "/cancel", new { reason = "enviado por error", by = "andrea" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        var status = await queue.WaitForStateAsync(id, "rejected");
        Assert.Contains(RuleNames.OperatorCancelled, status.GetProperty("reason").GetString());
        using (var again = await queue.Operator.PostAsJsonAsync("/v1/messages/" + id + "/cancel", new { reason = "otra vez", by = "andrea" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var resume = await queue.Operator.PostAsJsonAsync("/v1/resume", new { account = Sistemas, by = "andrea" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        }

        // The queued copy reaches the lane after the resume and is dropped there, announcing the cancellation again.
        await Eventually.TrueAsync(() => queue.Events.All<EmailRejected>().Count(r => r.RequestId == id) >= 2, "the lane did not drop the cancelled copy");
        Assert.Empty(await queue.Sink.WithSubjectAsync(request["subject"]!.GetValue<string>()));
        Assert.Contains((await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/audit")).EnumerateArray(), a => a.GetProperty("action").GetString() == "cancel");
    }

    [Fact]
    public async Task Requests_the_intake_cannot_read_are_counted_listed_republished_and_purged()
    {
        await queue.Events.PublishRawAsync("Queue.Contracts:SendEmail", """{"message": {"requestId": "0c1d7d3e-3b7e-4f2a-9a51-5b0c8a2d6e11", "priority": "Altísima"}, "messageType": ["urn:message:Queue.Contracts:SendEmail"]}""");
        var listed = await Eventually.ReadAsync(
            () => queue.Operator.GetFromJsonAsync<JsonElement>("/v1/dead-letters"),
            v => v.GetProperty("counts").TryGetProperty("unreadable", out var c) && c.GetInt64() >= 1, "the unreadable request was not counted");
        var letter = listed.GetProperty("items").EnumerateArray().First(i => i.GetProperty("requestId").GetString() == "0c1d7d3e-3b7e-4f2a-9a51-5b0c8a2d6e11");
        Assert.Equal("unreadable", letter.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(letter.GetProperty("why").GetString()));

        // Re-published, it fails again and comes back; purged, it is gone.
        using (var republish = await queue.Operator.PostAsJsonAsync("/v1/dead-letters/republish", new { reason = "unreadable", messageId = letter.GetProperty("messageId").GetString() }))
        {
            Assert.Equal(1, (await republish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        }

        await Eventually.ReadAsync(
            () => queue.Operator.GetFromJsonAsync<JsonElement>("/v1/dead-letters"),
            v => v.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("requestId").GetString() == "0c1d7d3e-3b7e-4f2a-9a51-5b0c8a2d6e11"), "the re-published request did not come back");
        using (var purge = await queue.Operator.PostAsJsonAsync("/v1/dead-letters/purge", new { reason = "unreadable" }))
        {
            Assert.True((await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32() >= 1);
        }

        var after = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/dead-letters");
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), i => i.GetProperty("requestId").GetString() == "0c1d7d3e-3b7e-4f2a-9a51-5b0c8a2d6e11");
    }

    async Task<JsonElement> LaneAsync(string account) =>
        (await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/lanes")).EnumerateArray().Single(l => l.GetProperty("account").GetString() == account);

    async Task<JsonElement> Status(Guid id) => await queue.Operator.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}");

}
