using Microsoft.Extensions.Options;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Auth;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Tracking;
using StackExchange.Redis;

namespace Queue.ReputationMonitor.Monitoring;

/// <summary>
/// Runs rounds: ask a zone (or the authentication records), apply the answers to the board, publish what changed,
/// save the read model. Rounds never overlap. Before the first one the saved state is restored, so a restart
/// neither repeats an alert nor forgets a listing waiting to be cleared.
/// </summary>
public sealed class ReputationRounds(
    ZoneCatalog catalog,
    TargetSet targets,
    ZoneRoundRunner runner,
    AuthChecker auth,
    ReputationBoard board,
    ReputationStatusStore store,
    ReputationEvents events,
    IOptions<ScheduleOptions> schedule,
    TimeProvider clock,
    ILogger<ReputationRounds> logger)
{
    readonly SemaphoreSlim rounds = new(1, 1);
    bool restored;

    public IReadOnlyList<BlocklistZone> Zones => catalog.Zones;

    /// <summary>
    /// Loads the saved state once, before the first round, waiting for Redis as long as it takes: running without it
    /// would announce every listing again and could never clear one confirmed before the restart.
    /// </summary>
    async Task RestoreOnceAsync(CancellationToken cancellationToken)
    {
        while (!restored)
        {
            try
            {
                board.Restore(await store.ReadAsync());
                restored = true;
                logger.LogInformation("Restored the saved reputation state");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot load the saved reputation state yet ({Error}); trying again", e.Message);
                await Task.Delay(schedule.Value.RestoreRetryDelay, clock, cancellationToken);
            }
        }
    }

    public async Task CheckZoneAsync(BlocklistZone zone, CancellationToken cancellationToken)
    {
        await rounds.WaitAsync(cancellationToken);
        try
        {
            await RestoreOnceAsync(cancellationToken);
            var round = await runner.RunAsync(zone, targets.Of(zone.Kind), cancellationToken);
            // Publish before saving: a crash in between repeats an event after the restart rather than losing it.
            await events.PublishAsync(board.Apply(round, clock.GetUtcNow()), cancellationToken);
            var (targetStatus, zoneStatus) = board.StatusOf(zone);
            await SaveAsync(() => store.WriteAsync(targetStatus, zoneStatus));
        }
        finally
        {
            rounds.Release();
        }
    }

    public async Task CheckAuthAsync(CancellationToken cancellationToken)
    {
        await rounds.WaitAsync(cancellationToken);
        try
        {
            await RestoreOnceAsync(cancellationToken);
            var results = await auth.RunAsync(cancellationToken);
            foreach (var failed in results.Where(r => r.Outcome == AuthCheckOutcome.Fail))
            {
                logger.LogWarning("DNS authentication check {Check} of {Target} fails: {Detail}", failed.Check, failed.Target, failed.Detail);
            }

            board.ApplyAuth(results);
            await SaveAsync(() => store.WriteAsync(board.AuthChecks()));
        }
        finally
        {
            rounds.Release();
        }
    }

    /// <summary>Every zone once, then the authentication records.</summary>
    public async Task RunRoundAsync(CancellationToken cancellationToken = default)
    {
        foreach (var zone in Zones)
        {
            await CheckZoneAsync(zone, cancellationToken);
        }

        await CheckAuthAsync(cancellationToken);
    }

    /// <summary>A lost write is repaired by the next round's; the in-memory state stays right meanwhile.</summary>
    async Task SaveAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Saving the reputation status failed ({Error}); the next round saves it again", e.Message);
        }
    }
}
