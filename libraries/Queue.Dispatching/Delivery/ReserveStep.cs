using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// The reserve step: quota for every recipient, reserved atomically before SMTP. A short wait is slept through in
/// place; on a longer one the request waits (see <see cref="LaneWaits.QuotaDeniedAsync"/>); a request larger than
/// any window allows is refused for good.
/// </summary>
public sealed class ReserveStep(
    IQuotaGate quotas, SettleStep settle, LaneWaits waits, LaneReport report, IOptions<DispatcherOptions> options, TimeProvider clock, ILogger<ReserveStep> logger)
{
    /// <summary>True when the quota is granted; false when this attempt stops here (the request waits, or is refused).</summary>
    public async Task<bool> ReserveAsync(LaneDelivery delivery, QuotaRequest reservation, RequestClaim claim)
    {
        while (true)
        {
            var decision = await quotas.ReserveAsync(reservation);
            switch (decision.Outcome)
            {
                case QuotaOutcome.Granted:
                    return true;
                case QuotaOutcome.TooLarge:
                    var rejected = await report.RejectedAsync(delivery, [new RuleViolation
                    {
                        Rule = RuleNames.QuotaTooLarge, Field = "to",
                        Message = $"{reservation.Recipients} recipients is more than the limit {decision.Limit} allows in any window; split the request",
                    }]);
                    await settle.RecordAsync(RequestOutcome.Of(rejected), reservation.RequestId);
                    return false;
            }

            if (decision.Mismatch is { } mismatch)
            {
                logger.LogError("Quota {Limit}: its running total said {Total} recipients, its log {Logged}; denied once and the total repaired from the log",
                    mismatch.Limit.ToString(), mismatch.Total, mismatch.Logged);
            }

            var wait = decision.RetryAt!.Value - clock.GetUtcNow();
            if (wait <= options.Value.MaxInPlaceWait)
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, delivery.Context.CancellationToken);
                continue;
            }

            await settle.AbandonAsync(claim);
            await waits.QuotaDeniedAsync(delivery, reservation, decision);
            return false;
        }
    }
}
