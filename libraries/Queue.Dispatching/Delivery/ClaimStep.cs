using Microsoft.Extensions.Options;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;
using StackExchange.Redis;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// The claim step: an attempt claims the request in the ledger, with a lease, before anything else, so that no two
/// copies send it and a finished one is only announced again.
/// </summary>
public sealed class ClaimStep(
    IRequestLedger ledger, SettleStep settle, LaneWaits waits, LaneReport report, IOptions<DispatcherOptions> options, ILogger<ClaimStep> logger)
{
    DispatcherOptions Settings => options.Value;

    /// <summary>
    /// Claims the request for this attempt; null when this attempt stops here: the request is finished (its outcome
    /// announced again) or another attempt is sending it (this copy looks again later).
    /// </summary>
    public async Task<RequestClaim?> BeginAsync(LaneDelivery delivery, TimeSpan lease)
    {
        var context = delivery.Context;
        delivery.ClaimToken = RequestLedger.NewToken();
        var claim = await ledger.TryBeginAsync(delivery.Request.RequestId, delivery.ClaimToken, Parking.ParkingLot.Claim(context), lease, Settings.DeduplicationWindow);
        delivery.InDoubt = Parking.ParkingLot.InDoubt(context) || claim.State == RequestState.Resumed;
        switch (claim.State)
        {
            case RequestState.Sent or RequestState.Failed or RequestState.Rejected:
                delivery.ClaimToken = null;
                await report.AgainAsync(claim);
                return null;
            case RequestState.InFlight:
                delivery.ClaimToken = null;
                await waits.InFlightAsync(delivery);
                return null;
            case RequestState.Resumed:
                // At-least-once: the earlier attempt may have reached the server before its process died. Losing
                // official mail is worse than a copy under the same Message-ID, which receivers can discard.
                report.InDoubt(delivery, "an earlier attempt ended without an outcome (its dispatcher stopped while sending); sending again");
                break;
        }

        return claim;
    }

    /// <summary>
    /// Starts the lease again just before SMTP. False when the claim ran out meanwhile and is another attempt's now:
    /// this one then refunds its quota and does not send.
    /// </summary>
    public async Task<bool> RenewAsync(LaneDelivery delivery, RequestClaim claim, QuotaRequest reservation, TimeSpan lease)
    {
        if (await ledger.RenewAsync(claim, lease, Settings.DeduplicationWindow))
        {
            return true;
        }

        delivery.ClaimToken = null;
        await settle.QuotaAsync(reservation, new SendResult(SendStatus.TransientFailure, "not sent: the claim was lost", [], MayHaveBeenCounted: false));
        logger.LogWarning("The claim on the request ran out while it waited for quota and is another attempt's now; not sent by this one");
        await waits.InFlightAsync(delivery);
        return false;
    }

    /// <summary>Whether the request is finished already (cancelled while it waited, say); if so, announced again.</summary>
    public async Task<bool> FinishedAsync(LaneDelivery delivery)
    {
        RequestClaim? claim;
        try
        {
            claim = await ledger.PeekAsync(delivery.Request.RequestId);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // It only waits on; the ledger is asked again before anything is sent.
            return false;
        }

        if (claim?.Finished != true)
        {
            return false;
        }

        await report.AgainAsync(claim);
        return true;
    }
}
