using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Queue.Gateway.Tests.Infrastructure;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;

namespace Queue.Gateway.Tests;

/// <summary>The shared settings through the ops API: refused naming the field, stored by version, followed by the dispatcher.</summary>
public class SettingsTests(GatewayFixture queue) : IClassFixture<GatewayFixture>
{
    const string Intranet = "intranet@pasto.gov.co";

    [Fact]
    public async Task A_change_is_validated_stored_by_version_audited_and_followed_by_the_dispatcher()
    {
        var current = await queue.Operator.GetFromJsonAsync<JsonObject>("/v1/settings");
        Assert.Equal(0, (long)current!["version"]!);
        var settings = current["settings"]!.AsObject();

        var invalid = settings.DeepClone().AsObject();
        invalid["Quotas"]!["Account"]![0]!["Messages"] = 0;
        using (var refused = await queue.Operator.PostAsJsonAsync("/v1/settings", new { version = 0, reason = "prueba", settings = invalid }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("'Quotas:Account:0:Messages'", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        var raised = settings.DeepClone().AsObject();
        raised["Quotas"]!["Accounts"] = new JsonArray(new JsonObject
        {
            ["Address"] = Intranet,
            ["Limits"] = new JsonArray(new JsonObject { ["Name"] = "hour", ["Messages"] = 800 }),
        });
        using (var stored = await queue.Operator.PostAsJsonAsync("/v1/settings", new { version = 0, reason = "Gmail subió el límite", by = "andrea", settings = raised }))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal(1, (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
        }

        using (var stale = await queue.Operator.PostAsJsonAsync("/v1/settings", new { version = 0, reason = "otra", settings }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        using (var notAllowed = await queue.Intranet.PostAsJsonAsync("/v1/settings", new { version = 1, reason = "x", settings }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        }

        // 800 published, 5 % margin: 760 in force, on the gateway at once and on the dispatcher within seconds.
        var quota = await queue.Operator.GetFromJsonAsync<JsonElement>($"/v1/quotas/{Intranet}");
        Assert.Equal(1, quota.GetProperty("settingsVersion").GetInt64());
        Assert.Equal(760, quota.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("limit").GetString() == "quota.account.hour").GetProperty("messageCap").GetInt32());
        await Eventually.TrueAsync(() => queue.Services.GetRequiredService<SharedSettings>().Version == 1, "the dispatcher did not follow version 1");
        Assert.Equal(760, queue.Services.GetRequiredService<RedisQuotaGate>().Limits(Intranet).Single(l => l.Id == new QuotaLimitId(QuotaScope.Account, "hour")).Messages);

        var audit = await queue.Operator.GetFromJsonAsync<JsonElement>("/v1/audit");
        var entry = audit.EnumerateArray().First(a => a.GetProperty("action").GetString() == "settings");
        Assert.Equal("version 1", entry.GetProperty("target").GetString());
        Assert.Equal("Gmail subió el límite", entry.GetProperty("detail").GetString());
    }
}
