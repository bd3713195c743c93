namespace Queue.Dispatching.Lanes;

/// <summary>What the watchdog does about one queue after one look at the broker.</summary>
public enum ConsumerWatchAction
{
    None,

    /// <summary>The queue has had no consumer for <see cref="ConsumerWatchdogOptions.Strikes"/> looks: restart its endpoint.</summary>
    RestartEndpoint,

    /// <summary>Restarting the endpoint did not help: stop the process so that its supervisor starts a fresh one.</summary>
    StopProcess,
}

/// <summary>
/// The watchdog's memory: looks without a consumer in a row and restarts tried, per queue. A queue this process does
/// not expect to consume (a held lane) or could not look at (the broker or its management API away) starts over.
/// </summary>
public sealed class ConsumerWatch(int strikes, int maxRestarts)
{
    readonly Dictionary<string, (int Misses, int Restarts)> queues = new(StringComparer.Ordinal);

    /// <param name="consumers">Consumers the broker counts on the queue; null when it could not be asked.</param>
    public ConsumerWatchAction Observe(string queue, bool expected, int? consumers)
    {
        if (!expected || consumers is null)
        {
            queues.Remove(queue);
            return ConsumerWatchAction.None;
        }

        if (consumers > 0)
        {
            // Recovered: a later loss gets its own restarts.
            queues.Remove(queue);
            return ConsumerWatchAction.None;
        }

        var (misses, restarts) = queues.GetValueOrDefault(queue);
        misses++;
        if (misses < strikes)
        {
            queues[queue] = (misses, restarts);
            return ConsumerWatchAction.None;
        }

        if (restarts >= maxRestarts)
        {
            return ConsumerWatchAction.StopProcess;
        }

        queues[queue] = (0, restarts + 1);
        return ConsumerWatchAction.RestartEndpoint;
    }
}
