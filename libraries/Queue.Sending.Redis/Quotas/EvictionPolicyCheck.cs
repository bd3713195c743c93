using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>
/// Refuses to run the quota gate on a Redis that may evict its windows: every window key has a TTL, so even a
/// <c>volatile-*</c> policy drops them under memory pressure and the count silently restarts at zero. Checked at
/// start; when Redis does not answer then, checked again until it does, and the service stops if it is wrong.
/// </summary>
public sealed class EvictionPolicyCheck(IConnectionMultiplexer redis, IOptions<RedisOptions> options, IHostApplicationLifetime lifetime, ILogger<EvictionPolicyCheck> logger)
    : IHostedService
{
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    readonly CancellationTokenSource stopping = new();

    /// <summary>Why <paramref name="policy"/> is not acceptable, or null when it is.</summary>
    public static string? Problem(string policy, string? allowed) =>
        policy == "noeviction" || (policy == allowed && !policy.StartsWith("allkeys-", StringComparison.Ordinal))
            ? null
            : $"Redis has maxmemory-policy '{policy}': it may evict quota windows (each has a TTL) and Queue would then send over the " +
              $"provider's limits. Set 'maxmemory-policy noeviction' on the Redis server{(policy.StartsWith("allkeys-", StringComparison.Ordinal) ? "" : $", or accept the risk knowingly with the setting '{RedisOptions.Section}:{nameof(RedisOptions.AllowEvictionPolicy)}' = '{policy}'")}.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Throw(await PolicyAsync());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Cannot read Redis's maxmemory-policy at start ({Error}); checking it when Redis answers", e.Message);
            _ = Task.Run(() => CheckLaterAsync(stopping.Token), CancellationToken.None);
        }
    }

    void Throw(string policy)
    {
        if (Problem(policy, options.Value.AllowEvictionPolicy) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (policy != "noeviction")
        {
            logger.LogWarning("Redis has maxmemory-policy '{Policy}', accepted by {Setting}: quota windows may be evicted under memory pressure",
                policy, $"{RedisOptions.Section}:{nameof(RedisOptions.AllowEvictionPolicy)}");
        }
    }

    async Task CheckLaterAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryDelay, cancellationToken);
                Throw(await PolicyAsync());
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Still unreachable: the quota gate fails closed meanwhile, so nothing is sent.
            }
            catch (InvalidOperationException e)
            {
                logger.LogCritical("{Problem} Stopping.", e.Message);
                lifetime.StopApplication();
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// From INFO, which managed services that rename or forbid CONFIG still answer; asked from a script because
    /// StackExchange.Redis reserves a plain INFO to connections in admin mode.
    /// </summary>
    async Task<string> PolicyAsync()
    {
        var info = (string?)await redis.GetDatabase().ScriptEvaluateAsync("return redis.call('INFO', 'memory')") ?? "";
        var line = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("maxmemory_policy:", StringComparison.Ordinal));
        return line?["maxmemory_policy:".Length..] ?? throw new InvalidOperationException("Redis's INFO memory has no maxmemory_policy: Queue cannot tell whether quota windows may be evicted.");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        stopping.Cancel();
        return Task.CompletedTask;
    }
}
