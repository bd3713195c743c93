using MassTransit;

namespace Queue.Dispatcher.Lanes;

/// <summary>
/// One sender account's queue and the consumer on it in this process. The lane runs while nothing holds it;
/// each hold comes from one source (its quota, provider throttling, an operator, the reputation monitor) and
/// may end at a set time, by one timer. A held lane fetches nothing and calls nothing.
/// </summary>
public sealed class Lane(string account, string queueName, TimeProvider clock, ILogger logger) : IReceiveEndpointObserver, IDisposable
{
    public const string QuotaHold = "quota";
    public const string ThrottleHold = "throttle";

    readonly SemaphoreSlim switching = new(1, 1);
    readonly object gate = new();
    readonly Dictionary<string, (DateTimeOffset? Until, string Reason, ITimer? Timer)> holds = [];
    IReceiveEndpoint? endpoint;
    bool stopped;
    int throttleStrikes;

    public string Account { get; } = account;

    public string QueueName { get; } = queueName;

    /// <summary>When the last hold ends; <see cref="DateTimeOffset.MaxValue"/> while one has no end; null while it runs.</summary>
    public DateTimeOffset? PausedUntil
    {
        get
        {
            lock (gate)
            {
                return holds.Count == 0 ? null : holds.Values.Max(h => h.Until ?? DateTimeOffset.MaxValue);
            }
        }
    }

    public string? PauseReason
    {
        get
        {
            lock (gate)
            {
                return holds.Count == 0 ? null : string.Join("; ", holds.Values.Select(h => h.Reason));
            }
        }
    }

    /// <summary>The holds in force: source, until when (null: until released) and why.</summary>
    public IReadOnlyList<(string Source, DateTimeOffset? Until, string Reason)> Holds
    {
        get
        {
            lock (gate)
            {
                return holds.Select(h => (h.Key, h.Value.Until, h.Value.Reason)).ToList();
            }
        }
    }

    /// <summary>Why bulk priority and mass mail wait in this lane (a blocklisting); null while they go.</summary>
    public string? BulkHeldBy { get; set; }

    /// <summary>Pauses for the quota until <paramref name="until"/>; a longer quota pause in force stands.</summary>
    public void PauseUntil(DateTimeOffset until, string reason) => Hold(QuotaHold, until, reason);

    /// <summary>
    /// Holds the lane for <paramref name="source"/> until <paramref name="until"/> (null: until released). Returns at
    /// once: the consumer may be the caller, and stopping waits for the consumers in progress.
    /// </summary>
    public void Hold(string source, DateTimeOffset? until, string reason)
    {
        lock (gate)
        {
            if (holds.TryGetValue(source, out var current))
            {
                if (current.Until is null || (until is not null && current.Until >= until))
                {
                    if (until is null && current.Until is null)
                    {
                        holds[source] = current with { Reason = reason };
                    }

                    return;
                }

                current.Timer?.Dispose();
            }

            var timer = until is { } end
                ? clock.CreateTimer(_ => Release(source), null, Max(end - clock.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan)
                : null;
            holds[source] = (until, reason, timer);
        }

        logger.LogWarning("Lane {Account} held by {Source} until {Until}: {Reason}", Account, source, until?.ToString("O") ?? "released", reason);
        _ = SwitchAsync();
    }

    public void Release(string source)
    {
        lock (gate)
        {
            if (!holds.Remove(source, out var hold))
            {
                return;
            }

            hold.Timer?.Dispose();
        }

        logger.LogInformation("Lane {Account}: {Source} hold ended", Account, source);
        _ = SwitchAsync();
    }

    /// <summary>Counts one more provider throttling reply in a row and returns how many there were.</summary>
    public int RecordThrottling() => Interlocked.Increment(ref throttleStrikes);

    /// <summary>A message went through: the provider no longer throttles this account.</summary>
    public void ClearThrottling() => Interlocked.Exchange(ref throttleStrikes, 0);

    /// <summary>Brings the endpoint to the state the holds ask for, one switch at a time.</summary>
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
        lock (gate)
        {
            foreach (var hold in holds.Values)
            {
                hold.Timer?.Dispose();
            }
        }

        switching.Dispose();
    }
}
