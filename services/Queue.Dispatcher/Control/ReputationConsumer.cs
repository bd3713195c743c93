using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Control;

namespace Queue.Dispatcher.Control;

/// <summary>
/// Turns a confirmed high-severity listing of one of our sending IPs or our domain into a hold on sending, and
/// lifts it when the listing clears. Lower severities and a degraded monitor never hold mail.
/// </summary>
public sealed class ReputationConsumer(SendingHoldStore holds, SenderDirectory senders, IOptions<ReputationOptions> options, TimeProvider clock, ILogger<ReputationConsumer> logger)
    : IConsumer<ReputationListingConfirmed>, IConsumer<ReputationListingCleared>
{
    public async Task Consume(ConsumeContext<ReputationListingConfirmed> context)
    {
        var listing = context.Message;
        if (listing.Severity != ReputationSeverity.High || Scope(listing.TargetKind, listing.Target) is not { } scope)
        {
            return;
        }

        var settings = options.Value;
        var reason = $"{listing.Target} is listed on {listing.List} ({listing.Zone}){(listing.Reason is { } why ? $": {why}" : "")}";
        logger.LogError("Blocklisted: {Reason}; sending reacts with {Action}", reason, settings.Action);
        await holds.SetAsync(new SendingHold(scope, Source(listing.Zone, listing.Target), settings.Action, reason, "reputation monitor", clock.GetUtcNow(),
            Fraction: settings.Action == HoldKind.Throttle ? settings.ThrottleFraction : 1));
        await context.Publish(new SendingHoldsChanged
        {
            Scope = scope, Source = Source(listing.Zone, listing.Target), Held = true, Reason = reason, By = "reputation monitor", At = clock.GetUtcNow(),
        });
    }

    public async Task Consume(ConsumeContext<ReputationListingCleared> context)
    {
        var cleared = context.Message;
        if (Scope(cleared.TargetKind, cleared.Target) is not { } scope || !await holds.RemoveAsync(scope, Source(cleared.Zone, cleared.Target)))
        {
            return;
        }

        logger.LogWarning("{Target} is no longer listed on {List}; the hold is lifted", cleared.Target, cleared.List);
        await context.Publish(new SendingHoldsChanged
        {
            Scope = scope, Source = Source(cleared.Zone, cleared.Target), Held = false, Reason = "listing cleared", By = "reputation monitor", At = clock.GetUtcNow(),
        });
    }

    /// <summary>An IP we send from holds everything; our domain holds its accounts; anything else is not ours.</summary>
    string? Scope(ReputationTargetKind kind, string target)
    {
        if (kind is ReputationTargetKind.IPv4 or ReputationTargetKind.IPv6)
        {
            var ours = options.Value.SendingAddresses;
            return ours.Count == 0 || ours.Contains(target, StringComparer.OrdinalIgnoreCase) ? SendingHold.Everything : null;
        }

        return senders.All.Any(s => string.Equals(s.Domain, target.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)) ? "@" + target.TrimEnd('.').ToLowerInvariant() : null;
    }

    static string Source(string zone, string target) => $"reputation:{zone}:{target}";
}
