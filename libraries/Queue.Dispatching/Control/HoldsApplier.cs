using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Sending.Control;
using Queue.Sending.Lanes;
using Queue.Sending.Quotas;

namespace Queue.Dispatching.Control;

/// <summary>
/// Brings this replica's lanes and quota share in line with the stored holds: at start (after catching the
/// reputation holds up with the monitor's state, before the bus consumes anything), and whenever a replica
/// announces a change (each replica hears it on a queue of its own).
/// </summary>
public sealed class HoldsApplier(SendingHoldStore store, ReputationHolds reputation, LaneDirectory lanes, QuotaThrottle throttle, TimeProvider clock, ILogger<HoldsApplier> logger)
    : IConsumer<SendingHoldsChanged>, IHostedService
{
    readonly SemaphoreSlim applying = new(1, 1);

    public Task Consume(ConsumeContext<SendingHoldsChanged> context) => ApplyAsync();

    public async Task ApplyAsync()
    {
        await applying.WaitAsync();
        try
        {
            var holds = await store.AllAsync(clock.GetUtcNow());
            foreach (var lane in lanes.All)
            {
                var covering = holds.Where(h => h.Covers(lane.Account)).ToList();
                foreach (var hold in covering.Where(h => h.Kind == HoldKind.Pause))
                {
                    lane.Hold(hold.LaneKind, hold.Source, hold.Until, $"{hold.Reason} ({hold.By})");
                }

                foreach (var held in lane.Holds.Where(h => IsControl(h.Kind) && !covering.Any(c => c.Kind == HoldKind.Pause && c.Source == h.Source)))
                {
                    lane.Release(held.Source);
                }

                lane.BulkHeldBy = covering.FirstOrDefault(h => h.Kind == HoldKind.PauseBulk)?.Reason;
            }

            throttle.Fraction = SendingHold.ThrottleFraction(holds);
        }
        finally
        {
            applying.Release();
        }
    }

    static bool IsControl(LaneHoldKind kind) => kind is LaneHoldKind.Operator or LaneHoldKind.Reputation;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await reputation.RebuildAsync();
            await ApplyAsync();
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Without Redis nothing is sent anyway (the quota fails closed); the next change applies the holds.
            logger.LogWarning("Could not load the holds at start ({Error})", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
