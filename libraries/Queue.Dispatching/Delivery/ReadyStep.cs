using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Hours;
using Queue.Sending.Validation;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// Whether a lane's request may go now, before it is claimed: still valid, due, not held back as bulk mail, past the
/// caller's schedule and within its sending hours. One that may not waits aside (or is refused) without a claim.
/// </summary>
public sealed class ReadyStep(
    SendEmailValidator validator, SendingHours hours, ClaimStep claims, LaneWaits waits, LaneReport report, IOptions<DispatcherOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Validated at intake; checked again because settings may have changed while it waited. First of all, before
    /// its account is looked up: the sender may be one no longer configured.
    /// </summary>
    public async Task<bool> ValidAsync(SendEmail request)
    {
        var violations = validator.Validate(request);
        if (violations.Count > 0)
        {
            await report.RejectedAsync(request, violations);
            return false;
        }

        return true;
    }

    /// <summary>Whether a valid request may go now; one that may not waits aside, said (or not) as its rule wants.</summary>
    public async Task<bool> ReadyAsync(LaneDelivery delivery)
    {
        var request = delivery.Request;
        if (Parking.ParkingLot.Due(delivery.Context) is { } due && due > clock.GetUtcNow())
        {
            await waits.NotDueAsync(delivery, due);
            return false;
        }

        if (delivery.Lane.BulkHeldBy is { } listing && (request.Priority == EmailPriority.Bulk || request.Category == EmailCategory.Mass))
        {
            if (!await claims.FinishedAsync(delivery))
            {
                var recheck = clock.GetUtcNow() + options.Value.BulkHoldRecheck;
                await waits.ScheduledAsync(delivery, recheck, RuleNames.ReputationHold, $"bulk and mass mail wait while {listing}");
            }

            return false;
        }

        if (request.NotBefore is { } notBefore && notBefore > clock.GetUtcNow())
        {
            if (!await claims.FinishedAsync(delivery))
            {
                await waits.ScheduledAsync(delivery, notBefore, RuleNames.NotBefore, "scheduled by the caller (notBefore)");
            }

            return false;
        }

        // Its own step, after the caller's schedule: outside its sending hours a request waits for the exact
        // opening of the next window; the lane goes on with what may go now (Urgent, other categories).
        if (hours.NextOpening(request.Category, request.Priority, clock.GetUtcNow()) is { } opens)
        {
            await waits.ScheduledAsync(delivery, opens, RuleNames.SendingHours, "outside its sending hours (SendingHours:Windows)");
            return false;
        }

        return true;
    }
}
