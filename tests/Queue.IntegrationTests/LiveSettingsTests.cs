using System.Diagnostics;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.IntegrationTests;

/// <summary>Three dispatcher replicas on one virtual host and one Redis prefix, as in production.</summary>
public sealed class ReplicaSetFixture : IAsyncLifetime
{
    public const int Replicas = 3;

    readonly string id = Guid.NewGuid().ToString("N")[..12];
    readonly List<WebApplicationFactory<Program>> factories = [];

    public string Prefix => $"queue-test-{id}";

    string VirtualHost => $"queue-test-{id}";

    internal RabbitManagement Management { get; } = new();

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public SharedSettingsStore Store { get; private set; } = null!;

    public IReadOnlyList<IServiceProvider> Hosts => factories.Select(f => f.Services).ToList();

    public async Task InitializeAsync()
    {
        await Management.CreateVirtualHostAsync(VirtualHost);
        Redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        Store = new SharedSettingsStore(Redis, Options.Create(new RedisOptions { KeyPrefix = Prefix }));
        for (var i = 0; i < Replicas; i++)
        {
            var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                foreach (var (key, value) in TestServers.Connections(VirtualHost, Prefix).Concat(TestServers.SmtpSink()))
                {
                    web.UseSetting(key, value);
                }
            });
            factories.Add(factory);
            await factory.Services.GetRequiredService<IBusControl>().WaitUntilHealthyAsync($"replica {i}'s");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in factories)
        {
            await factory.DisposeAsync();
        }

        await Management.DeleteVirtualHostAsync(VirtualHost);
        RedisCleanup.DeletePrefix(Redis, Prefix);
        await Redis.DisposeAsync();
        Management.Dispose();
    }
}

/// <summary>A limit changed through the shared settings is obeyed by every replica within the promised 5 s, exactly.</summary>
public sealed class LiveSettingsTests(ReplicaSetFixture replicas) : IClassFixture<ReplicaSetFixture>
{
    const string Account = "intranet@pasto.gov.co";

    /// <summary>The promise in the README: every replica follows a change within the poll interval.</summary>
    static readonly TimeSpan Promised = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_changed_limit_is_in_force_on_every_replica_within_seconds_and_never_exceeded()
    {
        // Version 1: an hour limit of 6 messages for the account (its own), no margin.
        var version = await ChangeAsync(0, account => account["Messages"] = 6);
        Assert.Equal(1, version);
        await WaitForAllAsync(1);
        Assert.All(replicas.Hosts, h => Assert.Equal(Account, Assert.Single(h.GetRequiredService<IOptionsMonitor<QuotaOptions>>().CurrentValue.Accounts).Address));

        var before = await ReserveRoundRobinAsync(10);
        Assert.Equal(6, before);

        // Raised to 9: exactly 3 more fit in the same window, whichever replica is asked.
        var changed = Stopwatch.StartNew();
        await ChangeAsync(1, account => account["Messages"] = 9);
        await WaitForAllAsync(2);
        Assert.True(changed.Elapsed <= Promised, $"the replicas took {changed.Elapsed} to follow the change");
        Assert.All(replicas.Hosts, h => Assert.Equal(9, Gate(h).Limits(Account).Single(l => l.Id == new QuotaLimitId(QuotaScope.Account, "burst")).Messages));
        Assert.Equal(3, await ReserveRoundRobinAsync(10));

        // Lowered to 4 below what the window holds: nothing more until it drains, on any replica.
        changed.Restart();
        await ChangeAsync(2, account => account["Messages"] = 4);
        await WaitForAllAsync(3);
        Assert.True(changed.Elapsed <= Promised, $"the replicas took {changed.Elapsed} to follow the change");
        Assert.Equal(0, await ReserveRoundRobinAsync(6));

        var log = Gate(replicas.Hosts[0]).Limits(Account).Single(l => l.Id == new QuotaLimitId(QuotaScope.Account, "burst")).Key;
        Assert.Equal(9, await replicas.Redis.GetDatabase().SortedSetLengthAsync(log));
    }

    [Fact]
    public async Task A_change_based_on_an_old_version_is_refused_and_nothing_is_applied()
    {
        var current = (await replicas.Store.ReadAsync())?.Version ?? 0;
        var (written, stored) = await replicas.Store.WriteAsync(current + 5, new SharedSettingsDocument(0, Settings(_ => { })));
        Assert.False(written);
        Assert.Equal(current, stored);
        Assert.All(replicas.Hosts, h => Assert.Equal(current, h.GetRequiredService<SharedSettings>().Version));
    }

    async Task<long> ChangeAsync(long basedOn, Action<JsonObject> limit)
    {
        var (written, version) = await replicas.Store.WriteAsync(basedOn, new SharedSettingsDocument(0, Settings(limit), DateTimeOffset.UtcNow, "tests", "live change"));
        Assert.True(written, $"version {version} is stored, not {basedOn}");
        return version;
    }

    static JsonObject Settings(Action<JsonObject> limit)
    {
        var settings = SharedSettings.ReadFile(Path.Combine(AppContext.BaseDirectory, "queue-settings.json")).Settings;
        settings["Quotas"]!["SafetyMargin"] = 0;
        var burst = new JsonObject { ["Name"] = "burst", ["Window"] = "01:00:00" };
        limit(burst);
        settings["Quotas"]!["Accounts"] = new JsonArray(new JsonObject { ["Address"] = Account, ["Limits"] = new JsonArray(burst) });
        return settings;
    }

    async Task WaitForAllAsync(long version)
    {
        var deadline = DateTime.UtcNow + Promised;
        while (replicas.Hosts.Any(h => h.GetRequiredService<SharedSettings>().Version < version))
        {
            Assert.True(DateTime.UtcNow < deadline, $"not every replica runs version {version} within {Promised}");
            await Task.Delay(20);
        }
    }

    async Task<int> ReserveRoundRobinAsync(int count)
    {
        var granted = 0;
        for (var i = 0; i < count; i++)
        {
            var decision = await Gate(replicas.Hosts[i % ReplicaSetFixture.Replicas]).ReserveAsync(new QuotaRequest(Guid.NewGuid(), "a0", Account, 1));
            granted += decision.Outcome == QuotaOutcome.Granted ? 1 : 0;
        }

        return granted;
    }

    static RedisQuotaGate Gate(IServiceProvider host) => host.GetRequiredService<RedisQuotaGate>();
}
