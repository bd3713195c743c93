using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;
using StackExchange.Redis;

namespace Queue.Gateway.Tests;

/// <summary>Every log line of the dispatcher and the gateway, at every level.</summary>
public class PersonalDataFixture : GatewayFixture
{
    internal CapturedLogs Logs { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder web) =>
        web.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));

    protected override void ConfigureGatewayHost(IWebHostBuilder web) =>
        web.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
}

/// <summary>
/// Ley 1581 de 2012 (finalidad, temporalidad, seguridad): after a Confidential request went out, neither its subject
/// nor its text nor its attachment is in any log line or any Redis key, and what names its recipients expires.
/// </summary>
public class PersonalDataTests(PersonalDataFixture queue) : IClassFixture<PersonalDataFixture>
{
    [Fact]
    public async Task A_confidential_send_leaves_no_subject_body_or_attachment_in_logs_or_redis_and_its_recipients_expire()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var subject = $"Historia clinica {marker}";
        var body = $"Diagnostico reservado {marker}";
        var attachment = $"Dictamen medico {marker}";
        var request = Requests.Valid(subject);
        request["category"] = "Confidential";
        request["to"] = new JsonArray("paciente.uno@pasto.gov.co", "paciente.dos@pasto.gov.co");
        request["textBody"] = body;
        request["attachments"] = new JsonArray(new JsonObject
        {
            ["fileName"] = "dictamen.txt", ["contentType"] = "text/plain", ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(attachment)),
        });

        using (var posted = await Requests.PostAsync(queue.Intranet, request))
        {
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        }

        await queue.WaitForStateAsync(Requests.Id(request), "sent");
        await queue.Events.WaitForAsync<EmailSplit>(Requests.Id(request));
        string[] secrets = [Requests.Subject(request), body, attachment, Convert.ToBase64String(Encoding.UTF8.GetBytes(attachment))];

        var logs = queue.Logs.Lines.ToList();
        Assert.Contains(logs, l => l.Contains(Requests.Id(request).ToString()));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.Ordinal));
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var database = redis.GetDatabase();
        var keys = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: $"{queue.RedisPrefix}:*", pageSize: 1000).ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var content = await DumpAsync(database, key);
            foreach (var secret in secrets)
            {
                Assert.False(content.Contains(secret, StringComparison.Ordinal), $"Redis key {key} holds {secret}");
            }

            if (content.Contains("paciente.", StringComparison.Ordinal))
            {
                var ttl = await database.KeyTimeToLiveAsync(key);
                Assert.True(ttl is { } t && t <= TimeSpan.FromDays(30), $"Redis key {key} names a recipient and is kept {ttl?.ToString() ?? "forever"}");
            }
        }
    }

    static async Task<string> DumpAsync(IDatabase database, RedisKey key) => await database.KeyTypeAsync(key) switch
    {
        RedisType.String => (string?)await database.StringGetAsync(key) ?? "",
        RedisType.Hash => string.Join("\n", (await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
        RedisType.List => string.Join("\n", await database.ListRangeAsync(key)),
        RedisType.Set => string.Join("\n", await database.SetMembersAsync(key)),
        RedisType.SortedSet => string.Join("\n", await database.SortedSetRangeByRankAsync(key)),
        _ => "",
    };
}
