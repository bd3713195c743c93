using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using StackExchange.Redis;

namespace Queue.IntegrationTests;

public class LaneFixture : PrivateRedisFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Quotas:SafetyMargin", "0"),
        new("Quotas:Account:0:Name", "burst"),
        new("Quotas:Account:0:Window", "00:00:08"),
        new("Quotas:Account:0:Messages", "3"),
        new("Dispatcher:MaxInPlaceWait", "00:00:00"),
        new("Dispatcher:LaneConcurrency", "1"),
    ];

    internal LaneDirectory Lanes => Services.GetRequiredService<LaneDirectory>();

    /// <summary>Scripts Redis has run so far: each is one quota or ledger decision.</summary>
    internal async Task<long> ScriptCallsAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port},allowAdmin=true");
        var stats = (await redis.GetServer($"127.0.0.1:{Redis.Port}").InfoAsync("commandstats")).SelectMany(g => g);
        return stats.Where(s => s.Key is "cmdstat_eval" or "cmdstat_evalsha")
            .Sum(s => long.Parse(s.Value.Split(',')[0].Split('=')[1]));
    }
}

/// <summary>Each account has its own lane: an exhausted one pauses alone, and Urgent overtakes Bulk within it.</summary>
public class LaneTests(LaneFixture dispatcher) : IClassFixture<LaneFixture>
{
    static SendEmail From(string account, string subject, EmailPriority priority = EmailPriority.Normal) =>
        DispatcherFixture.Request(subject) with { From = account, Priority = priority };

    [Fact]
    public async Task An_exhausted_account_pauses_its_lane_only_and_nothing_polls_redis_meanwhile()
    {
        var fillers = Enumerable.Range(1, 3).Select(i => From("intranet@pasto.gov.co", $"Relleno {i}")).ToList();
        foreach (var request in fillers)
        {
            await dispatcher.PublishAsync(request);
        }

        foreach (var request in fillers)
        {
            await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        }

        var extra = From("intranet@pasto.gov.co", "Excede la cuota");
        await dispatcher.PublishAsync(extra);
        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(extra.RequestId);
        var lane = dispatcher.Lanes.For("intranet@pasto.gov.co");
        Assert.Equal(deferred.Until, lane.PausedUntil);

        var other = From("secretarias@pasto.gov.co", "Otra cuenta");
        await dispatcher.PublishAsync(other);
        var otherSent = await dispatcher.Events.WaitForAsync<EmailSent>(other.RequestId);
        Assert.True(otherSent.SentAt < deferred.Until, "the other account waited for the exhausted one");

        var calls = await dispatcher.ScriptCallsAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(lane.PausedUntil is not null, "the lane should still be paused");
        Assert.Equal(calls, await dispatcher.ScriptCallsAsync());

        var sent = await dispatcher.Events.WaitForAsync<EmailSent>(extra.RequestId, TimeSpan.FromSeconds(30));
        Assert.True(sent.SentAt >= deferred.Until);
        Assert.Null(lane.PausedUntil);
    }

    [Fact]
    public async Task An_urgent_request_overtakes_the_bulk_backlog_of_its_lane()
    {
        const string account = "soportesistemas@pasto.gov.co";
        var fillers = Enumerable.Range(1, 3).Select(i => From(account, $"Relleno urgente {i}")).ToList();
        foreach (var request in fillers)
        {
            await dispatcher.PublishAsync(request);
        }

        foreach (var request in fillers)
        {
            await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        }

        var bulk = Enumerable.Range(1, 5).Select(i => From(account, $"Masivo {i}", EmailPriority.Bulk)).ToList();
        foreach (var request in bulk)
        {
            await dispatcher.PublishAsync(request);
        }

        await dispatcher.Events.WaitForAsync<EmailDeferred>(e => bulk.Any(b => b.RequestId == e.RequestId));
        Assert.NotNull(dispatcher.Lanes.For(account).PausedUntil);
        var urgent = From(account, "Urgente", EmailPriority.Urgent);
        var publishedAt = DateTimeOffset.UtcNow;
        await dispatcher.PublishAsync(urgent);

        var urgentSent = await dispatcher.Events.WaitForAsync<EmailSent>(urgent.RequestId, TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        var overtaken = dispatcher.Events.All<EmailSent>()
            .Where(e => bulk.Any(b => b.RequestId == e.RequestId) && e.SentAt >= publishedAt && e.SentAt < urgentSent.SentAt);
        Assert.Empty(overtaken);
    }
}
