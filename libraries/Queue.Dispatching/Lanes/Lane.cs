using MassTransit;
using Queue.Sending.Lanes;
using Queue.Dispatcher.ReadModel;

namespace Queue.Dispatching.Lanes;

/// <summary>
/// One sender account's queue and the consumer on it in this process. The lane runs while nothing holds it;
/// each hold comes from one source (its quota, provider throttling, an operator, the reputation monitor) and
/// may end at a set time, by one timer. A held lane fetches nothing and calls nothing. Every change is written to
/// the lanes' read model (<see cref="LaneStateStore"/>), so operations see why and until when.
/// </summary>
public sealed class Lane(string account, string queueName, LaneStateStore? state, TimeProvider clock, ILogger logger) : IReceiveEndpointObserver, IDisposable
{
    public const string QuotaHold = "quota";
    public const string ThrottleHold = "throttle";
    public const string SessionHold = "session";

    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    readonly SemaphoreSlim switching = new(1, 1);
    readonly SemaphoreSlim publishing = new(1, 1);
    readonly object gate = new();
    readonly Dictionary<string, (LaneHold Hold, ITimer? Timer)> holds = [];
    IReceiveEndpoint? endpoint;
    bool stopped;
    int throttleStrikes;
    int sessionStrikes;

    public string Account { get; } = account;

    public string QueueName { get; } = queueName;

    /// <summary>When the last hold ends; <see cref="DateTimeOffset.MaxValue"/> while one has no end; null while it runs.</summary>
    public DateTimeOffset? PausedUntil
    {
        get
        {
            lock (gate)
            {
                return holds.Count == 0 ? null : holds.Values.Max(h => h.Hold.Until ?? DateTimeOffset.MaxValue);
            }
        }
    }

    public string? PauseReason
    {
        get
        {
            lock (gate)
            {
                return holds.Count == 0 ? null : string.Join("; ", holds.Values.Select(h => h.Hold.Reason));
            }
        }
    }

    /// <summary>The holds in force.</summary>
    public IReadOnlyList<LaneHold> Holds
    {
        get
        {
            lock (gate)
            {
                return holds.Values.Select(h => h.Hold).ToList();
            }
        }
    }

    /// <summary>Why bulk priority and mass mail wait in this lane (a blocklisting); null while they go.</summary>
    public string? BulkHeldBy { get; set; }

    /// <summary>Pauses for the quota until <paramref name="until"/>; a longer quota pause in force stands.</summary>
    public void PauseUntil(DateTimeOffset until, string reason) => Hold(LaneHoldKind.Quota, QuotaHold, until, reason);

    /// <summary>
    /// Holds the lane for <paramref name="source"/> until <paramref name="until"/> (null: until released). Returns at
    /// once: the consumer may be the caller, and stopping waits for the consumers in progress.
    /// </summary>
    /// <param name="nextTry">For a session hold: when the server is tried again (the hold's end, by default).</param>
    public void Hold(LaneHoldKind kind, string source, DateTimeOffset? until, string reason, DateTimeOffset? nextTry = null)
    {
        var since = clock.GetUtcNow();
        lock (gate)
        {
            if (holds.TryGetValue(source, out var current))
            {
                since = current.Hold.Since;
                if (current.Hold.Until is null || (until is not null && current.Hold.Until >= until))
                {
                    if (until is null && current.Hold.Until is null && current.Hold.Reason != reason)
                    {
                        holds[source] = current with { Hold = current.Hold with { Reason = reason } };
                        _ = PublishAsync(source);
                    }

                    return;
                }

                current.Timer?.Dispose();
            }

            var timer = until is { } end
                ? clock.CreateTimer(_ => Release(source), null, Max(end - clock.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan)
                : null;
            holds[source] = (new LaneHold(kind, source, reason, since, until, nextTry ?? (kind == LaneHoldKind.Session ? until : null)), timer);
        }

        logger.LogWarning("Lane {Account} held by {Source} until {Until}: {Reason}", Account, source, until?.ToString("O") ?? "released", reason);
        _ = PublishAsync(source);
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
        _ = PublishAsync(source);
        _ = SwitchAsync();
    }

    /// <summary>Writes the hold of <paramref name="source"/> as it stands now, so writes racing each other still end right.</summary>
    async Task PublishAsync(string source)
    {
        if (state is null)
        {
            return;
        }

        await publishing.WaitAsync();
        try
        {
            LaneHold? hold;
            lock (gate)
            {
                hold = holds.TryGetValue(source, out var h) ? h.Hold : null;
            }

            await (hold is null ? state.RemoveAsync(Account, source) : state.SetAsync(Account, hold));
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Only the operations view goes stale; the lane itself holds as it should.
            logger.LogWarning("Lane {Account}: could not publish its {Source} hold ({Error})", Account, source, e.Message);
        }
        finally
        {
            publishing.Release();
        }
    }

    /// <summary>Counts one more provider throttling reply in a row and returns how many there were.</summary>
    public int RecordThrottling() => Interlocked.Increment(ref throttleStrikes);

    /// <summary>A message went through: the provider no longer throttles this account.</summary>
    public void ClearThrottling() => Interlocked.Exchange(ref throttleStrikes, 0);

    /// <summary>
    /// Counts one more session refusal in a row and returns how many there were. Sends in flight together that are
    /// refused while the hold they caused is already in force count once, so the backoff grows per try, not per consumer.
    /// </summary>
    public int RecordSessionRefusal()
    {
        lock (gate)
        {
            return holds.ContainsKey(SessionHold) && sessionStrikes > 0 ? sessionStrikes : ++sessionStrikes;
        }
    }

    /// <summary>A message went through: the session works again, and the next refusal starts the backoff anew.</summary>
    public void ClearSessionRefusals()
    {
        lock (gate)
        {
            sessionStrikes = 0;
        }
    }

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
                // A stop while the endpoint still declares its topology tears the channel down under it (MassTransit
                // logs "Cannot Retry"), so the next switch waits until this start is complete.
                var handle = endpoint.Start();
                try
                {
                    await handle.Ready.WaitAsync(ReadyTimeout);
                }
                catch (TimeoutException)
                {
                    logger.LogWarning("Lane {Account}: its consumer was not ready {Timeout} after starting; switching on", Account, ReadyTimeout);
                }
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

    /// <summary>
    /// Stops and starts the consumer of a running lane whose broker consumer is gone (<see cref="ConsumerWatchdog"/>);
    /// a held lane stays stopped.
    /// </summary>
    public async Task RestartAsync(TimeSpan timeout)
    {
        // A switch stuck on the detached endpoint holds the lane's switching: give up, the watchdog's next look decides.
        if (!await switching.WaitAsync(timeout))
        {
            throw new TimeoutException($"the lane's consumer was still being switched after {timeout.TotalSeconds:0} s");
        }

        try
        {
            if (endpoint is null || PausedUntil is not null)
            {
                return;
            }

            if (!stopped)
            {
                await endpoint.Stop().WaitAsync(timeout);
                stopped = true;
            }

            await endpoint.Start().Ready.WaitAsync(timeout);
            stopped = false;
        }
        finally
        {
            switching.Release();
        }

        // A hold that came while the endpoint restarted is applied now.
        await SwitchAsync();
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
        publishing.Dispose();
    }
}
