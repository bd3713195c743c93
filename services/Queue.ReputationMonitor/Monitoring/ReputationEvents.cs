using MassTransit;

namespace Queue.ReputationMonitor.Monitoring;

/// <summary>
/// Publishes the monitor's events in order. One that the broker does not take stays first in line and goes out
/// before anything newer at the next round, so the dispatcher never hears a clear before its listing.
/// </summary>
public sealed class ReputationEvents(IBus bus, ILogger<ReputationEvents> logger)
{
    readonly Queue<object> pending = new();
    readonly SemaphoreSlim gate = new(1, 1);

    public async Task PublishAsync(IEnumerable<object> events, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var item in events)
            {
                pending.Enqueue(item);
            }

            while (pending.TryPeek(out var next))
            {
                await bus.Publish(next, next.GetType(), cancellationToken);
                pending.Dequeue();
                logger.LogInformation("Published {Event}: {Content}", next.GetType().Name, next);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Publishing reputation events failed ({Error}); {Count} wait for the next round", e.Message, pending.Count);
        }
        finally
        {
            gate.Release();
        }
    }
}
