using MassTransit;

namespace Queue.Dispatcher.Lanes;

/// <summary>
/// One sender account's queue and the consumer on it in this process. Pausing stops the consumer (nothing is
/// fetched, nothing polls Redis) and one timer starts it again when the pause ends.
/// </summary>
public sealed class Lane(string account, string queueName, TimeProvider clock, ILogger logger) : IReceiveEndpointObserver, IDisposable
{
    readonly SemaphoreSlim switching = new(1, 1);
    readonly object gate = new();
    IReceiveEndpoint? endpoint;
    ITimer? timer;
    bool stopped;

    public string Account { get; } = account;

    public string QueueName { get; } = queueName;

    /// <summary>Until when this process does not consume the lane; null while it runs.</summary>
    public DateTimeOffset? PausedUntil { get; private set; }

    public string? PauseReason { get; private set; }

    int throttleStrikes;

    /// <summary>Counts one more provider throttling reply in a row and returns how many there were.</summary>
    public int RecordThrottling() => Interlocked.Increment(ref throttleStrikes);

    /// <summary>A message went through: the provider no longer throttles this account.</summary>
    public void ClearThrottling() => Interlocked.Exchange(ref throttleStrikes, 0);

    /// <summary>
    /// Pauses until <paramref name="until"/> (a longer pause already in force stands). Returns at once: the
    /// consumer may be the caller, and stopping waits for the consumers in progress.
    /// </summary>
    public void PauseUntil(DateTimeOffset until, string reason)
    {
        lock (gate)
        {
            if (PausedUntil >= until)
            {
                return;
            }

            PausedUntil = until;
            PauseReason = reason;
            timer?.Dispose();
            timer = clock.CreateTimer(_ => Resume(), null, Max(until - clock.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }

        logger.LogWarning("Lane {Account} paused until {Until:O}: {Reason}", Account, until, reason);
        _ = SwitchAsync();
    }

    public void Resume()
    {
        lock (gate)
        {
            if (PausedUntil is null)
            {
                return;
            }

            PausedUntil = null;
            PauseReason = null;
            timer?.Dispose();
            timer = null;
        }

        logger.LogInformation("Lane {Account} resumed", Account);
        _ = SwitchAsync();
    }

    /// <summary>Brings the endpoint to the state the pause asks for, one switch at a time.</summary>
    async Task SwitchAsync()
    {
        await switching.WaitAsync();
        try
        {
            var paused = PausedUntil is not null;
            if (endpoint is null || paused == stopped)
            {
                return;
            }

            if (paused)
            {
                await endpoint.Stop();
            }
            else
            {
                endpoint.Start();
            }

            stopped = paused;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Lane {Account}: could not {Action} its consumer", Account, stopped ? "start" : "stop");
        }
        finally
        {
            switching.Release();
        }
    }

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        endpoint = ready.ReceiveEndpoint;
        _ = SwitchAsync();
        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        timer?.Dispose();
        switching.Dispose();
    }
}
