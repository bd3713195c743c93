using MassTransit;
using Queue.Contracts;
using Queue.Sending.Control;

namespace Queue.Dispatching.Control;

/// <summary>
/// Turns a confirmed high-severity listing of one of our sending IPs or our domain into a hold on sending, and
/// lifts that listing's hold (and no other) when it clears. Lower severities and a degraded monitor never hold mail.
/// </summary>
public sealed class ReputationConsumer(SendingHoldStore holds, ReputationHolds reputation, TimeProvider clock, ILogger<ReputationConsumer> logger)
    : IConsumer<ReputationListingConfirmed>, IConsumer<ReputationListingCleared>
{
    public async Task Consume(ConsumeContext<ReputationListingConfirmed> context)
    {
        var listing = context.Message;
        if (reputation.For(listing.Target, listing.TargetKind, listing.Zone, listing.List, listing.Severity, listing.Reason) is not { } hold)
        {
            return;
        }

        logger.LogError("Blocklisted: {Reason}; sending reacts with {Action}", hold.Reason, hold.Kind);
        await holds.SetAsync(hold);
        await context.Publish(new SendingHoldsChanged
        {
            Scope = hold.Scope, Source = hold.Source, Held = true, Reason = hold.Reason, By = hold.By, At = hold.At,
        });
    }

    public async Task Consume(ConsumeContext<ReputationListingCleared> context)
    {
        var cleared = context.Message;
        var source = ReputationHolds.Source(cleared.Zone, cleared.List, cleared.Target);
        if (reputation.Scope(cleared.TargetKind, cleared.Target) is not { } scope || !await holds.RemoveAsync(scope, source))
        {
            return;
        }

        logger.LogWarning("{Target} is no longer listed on {List} ({Zone}); its hold is lifted", cleared.Target, cleared.List, cleared.Zone);
        await context.Publish(new SendingHoldsChanged
        {
            Scope = scope, Source = source, Held = false, Reason = "listing cleared", By = "reputation monitor", At = clock.GetUtcNow(),
        });
    }
}
