using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Queue.Sending.Settings;

/// <summary>
/// Keeps this process on the newest stored settings: loads them before the service starts consuming, reloads on
/// the change channel at once, and polls the version as a backstop for a missed notification (a reconnect, a
/// replica started mid-change). A stored version that fails validation here is not applied: the last good one
/// stays in force and health says so.
/// </summary>
public sealed class SharedSettingsWatcher(
    SharedSettings settings, SharedSettingsStore store, SharedSettingsValidator validator, IConnectionMultiplexer redis,
    IOptions<SharedSettingsOptions> options, TimeProvider clock, ILogger<SharedSettingsWatcher> logger) : BackgroundService
{
    readonly SemaphoreSlim refreshing = new(1, 1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.StartupWait);
            await RefreshAsync().WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Sending fails closed without Redis anyway; the poll picks the stored version up when it is back.
            logger.LogWarning("Shared settings not read from Redis at start ({Error}); running on version {Version} until they are", e.Message, settings.Version);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(store.Channel, (_, _) => _ = RefreshSafelyAsync());
        }
        catch (RedisException e)
        {
            logger.LogWarning("Not subscribed to settings changes ({Error}); polling every {Interval}", e.Message, options.Value.PollInterval);
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RefreshSafelyAsync();
        }
    }

    async Task RefreshSafelyAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Shared settings not refreshed ({Error}); version {Version} stays in force", e.Message, settings.Version);
        }
    }

    /// <summary>Reads the stored document and applies it when newer. Serialised, so versions apply in order.</summary>
    public async Task RefreshAsync()
    {
        await refreshing.WaitAsync();
        try
        {
            if (await store.ReadAsync() is not { } stored || stored.Version <= settings.Version || stored.Version == settings.RejectedVersion)
            {
                return;
            }

            var failures = validator.Validate(stored.Settings);
            if (failures.Count > 0)
            {
                settings.RejectedVersion = stored.Version;
                settings.RejectedBecause = string.Join("; ", failures);
                logger.LogError("Shared settings version {Version} refused, version {Current} stays in force: {Failures}", stored.Version, settings.Version, settings.RejectedBecause);
                return;
            }

            if (settings.Apply(stored))
            {
                logger.LogInformation("Shared settings version {Version} in force (changed by {By}: {Reason})", stored.Version, stored.ChangedBy, stored.Reason);
            }
        }
        finally
        {
            refreshing.Release();
        }
    }
}
