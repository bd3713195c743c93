using Microsoft.Extensions.Options;
using Queue.Dispatching.Bounces;
using Queue.Sending.Bounces;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;
using StackExchange.Redis;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// The settle step: what an attempt leaves in the stores. The outcome goes into the ledger (so a redelivery announces
/// it again instead of sending), the quota reservation is confirmed or refunded, and a claim without an outcome is
/// released. After the server took a message nothing here may turn it into a resend, so those writes only log a
/// Redis failure.
/// </summary>
public sealed class SettleStep(
    IQuotaGate quotas, IRequestLedger ledger, IWarmupHolds warmups, ISentRecords sentRecords,
    IOptions<BounceOptions> bounceOptions, IOptions<DispatcherOptions> options, ILogger<SettleStep> logger)
{
    TimeSpan Retention => options.Value.DeduplicationWindow;

    /// <summary>
    /// Refunds what the provider surely did not count, and re-stamps what it may have counted with the time of
    /// its answer. Neither may turn a finished send into a resend, so a Redis error here is only logged.
    /// </summary>
    public async Task QuotaAsync(QuotaRequest reservation, SendResult result)
    {
        try
        {
            await (result.MayHaveBeenCounted ? quotas.ConfirmAsync(reservation) : quotas.RefundAsync(reservation));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Could not settle the quota reservation ({Error}); it keeps the time it was reserved at", e.Message);
        }
    }

    /// <summary>
    /// The server took the message. The ledger write goes first (the shorter this gap, the smaller the window for a
    /// resend); the quota settlement follows on the same connection without waiting, so both share a round trip.
    /// </summary>
    public async Task SentAsync(RequestOutcome outcome, QuotaRequest reservation, SendResult result)
    {
        var recorded = CompleteSafelyAsync(outcome);
        var settled = QuotaAsync(reservation, result);
        await recorded;
        await settled;
    }

    /// <summary>Records an outcome decided without a send reaching the server (refused, failed); the claim ends with it.</summary>
    public Task RecordAsync(RequestOutcome outcome, Guid requestId) => ledger.CompleteAsync(outcome, requestId, Retention);

    /// <summary>Releases this attempt's claim without an outcome, so a later delivery may try again.</summary>
    public Task AbandonAsync(RequestClaim claim) => ledger.AbandonAsync(claim);

    /// <summary>A throttled day does not advance a ramp; losing that mark must not turn into a resend, so it is only logged.</summary>
    public async Task HoldWarmupAsync(string account)
    {
        try
        {
            await warmups.HoldTodayAsync(account);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Could not hold the warm-up of {Account} for today ({Error}); the ramp may advance tomorrow", account, e.Message);
        }
    }

    /// <summary>Remembered for the reports that come back about it, and counted for the bounce rates; best effort.</summary>
    public async Task RecordSentAsync(Guid requestId, string account, IReadOnlyList<string> recipients)
    {
        try
        {
            await sentRecords.RecordSentAsync(requestId, account, recipients, bounceOptions.Value.SentRetention);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Sent, but not remembered for bounce reports ({Error}); a report about it is tied by its returned headers only", e.Message);
        }
    }

    /// <summary>After the server took the message, a Redis hiccup must not make us send it again.</summary>
    async Task CompleteSafelyAsync(RequestOutcome outcome)
    {
        try
        {
            await ledger.CompleteAsync(outcome, outcome.Sent!.RequestId, Retention);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Sent, but the ledger could not record it ({Error}); a duplicate delivery after the lease could resend it", e.Message);
        }
    }
}
