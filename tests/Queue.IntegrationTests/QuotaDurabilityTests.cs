using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.IntegrationTests;

/// <summary>
/// Quota state that survives Redis: no start on a Redis that may evict windows, and (when asked) no grant that a
/// replica does not hold. Private redis-servers on free ports.
/// </summary>
public sealed class QuotaDurabilityTests
{
    [Fact]
    public async Task The_dispatcher_refuses_to_start_on_a_redis_that_may_evict_quota_windows()
    {
        using var redis = new RedisProcess(null, "--maxmemory-policy volatile-lru");
        await redis.StartAsync();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection([new("Redis:Configuration", $"127.0.0.1:{redis.Port}")])));

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("maxmemory-policy 'volatile-lru'", error.Message);
        Assert.Contains("maxmemory-policy noeviction", error.Message);
        Assert.Contains("'Redis:AllowEvictionPolicy' = 'volatile-lru'", error.Message);
    }

    [Fact]
    public async Task With_wait_for_replicas_a_reservation_no_replica_holds_is_given_back_and_one_it_holds_is_granted()
    {
        using var primary = new RedisProcess(null, "--repl-diskless-sync-delay 0");
        await primary.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{primary.Port}");
        var quotas = new Queue.Sending.Settings.FixedOptionsMonitor<QuotaOptions>(new QuotaOptions
        {
            SafetyMargin = 0, WaitForReplicas = 1, ReplicaWaitTimeout = TimeSpan.FromSeconds(1),
            Account = [new QuotaLimitOptions { Name = "hour", Window = TimeSpan.FromHours(1), Messages = 10 }],
        });
        var redisOptions = Options.Create(new RedisOptions { KeyPrefix = "durability" });
        var gate = new RedisQuotaGate(connection, quotas, redisOptions, new QuotaThrottle(), new WarmupLedger(connection, redisOptions, quotas, TimeProvider.System), TimeProvider.System);

        var alone = new QuotaRequest(Guid.NewGuid(), "a1", "intranet@pasto.gov.co", 1);
        var refusal = await Assert.ThrowsAsync<TimeoutException>(() => gate.ReserveAsync(alone));
        Assert.Contains("0 of the 1 replicas Quotas:WaitForReplicas requires", refusal.Message);
        Assert.Equal(0, Assert.Single(await gate.UsageAsync("intranet@pasto.gov.co")).Messages);

        using var replica = new RedisProcess(null, $"--replicaof 127.0.0.1 {primary.Port}");
        await replica.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!((string?)await connection.GetDatabase().ScriptEvaluateAsync("return redis.call('INFO', 'replication')") ?? "").Contains("state=online"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the replica did not come online");
            await Task.Delay(50);
        }

        // Online is not yet acknowledging: on a loaded machine the first acknowledgement can take longer than the
        // gate's wait, so the test waits for one itself before asking the gate for a grant.
        await connection.GetDatabase().StringSetAsync("durability:probe", "1");
        while ((long)await connection.GetDatabase().ExecuteAsync("WAIT", 1, 1000) < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the replica never acknowledged a write");
        }

        Assert.Equal(QuotaOutcome.Granted, (await gate.ReserveAsync(new QuotaRequest(Guid.NewGuid(), "a1", "intranet@pasto.gov.co", 1))).Outcome);
        Assert.Equal(1, Assert.Single(await gate.UsageAsync("intranet@pasto.gov.co")).Messages);
    }
}
