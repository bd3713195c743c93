using Queue.Sending.Control;
using Queue.Sending.Lanes;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Dispatcher.ReadModel;

/// <summary>
/// The dispatcher's state as operations read it, without knowing its queue names or Redis keys: each lane's queue
/// and depth, the holds each dispatcher published for its lanes, the stored holds on sending, quota usage as the
/// dispatchers enforce it, and the dead-letter queues.
/// </summary>
/// <param name="dispatcherQueue">The dispatcher's <c>Dispatcher:QueueName</c>, after which its other queues are named.</param>
public sealed class DispatcherReadModel(
    string dispatcherQueue, RabbitManagementClient broker, LaneStateStore lanes, SendingHoldStore holds, RedisQuotaGate quotas, QuotaThrottle throttle,
    WarmupLedger warmups)
{
    /// <summary>Where requests for the dispatcher are sent (and dead letters republished).</summary>
    public string RequestQueue => dispatcherQueue;

    /// <summary>The queue of the account's lane.</summary>
    public string LaneQueue(string account) => LaneNames.For(dispatcherQueue, account);

    /// <summary>The lane's depth and consumers; null while the broker's management API does not answer.</summary>
    public Task<QueueDepth?> LaneDepthAsync(string account, CancellationToken cancellationToken) =>
        broker.DepthAsync(LaneQueue(account), cancellationToken);

    /// <summary>What the dispatchers published as holding the account's lane now.</summary>
    public Task<IReadOnlyList<LaneHold>> LaneHoldsAsync(string account, DateTimeOffset now) => lanes.ForAsync(account, now);

    /// <summary>The operator, reputation and bounce-rate holds stored for the dispatchers to apply.</summary>
    public Task<IReadOnlyList<SendingHold>> HoldsAsync(DateTimeOffset now) => holds.AllAsync(now);

    /// <summary>
    /// Usage of every limit of the account, with the caps as the dispatchers apply them: a blocklisting throttle
    /// lowers them, so this process follows the stored holds before reading.
    /// </summary>
    public async Task<IReadOnlyList<QuotaUsage>> QuotaUsageAsync(string account, DateTimeOffset now)
    {
        throttle.Fraction = SendingHold.ThrottleFraction(await holds.AllAsync(now));
        return await quotas.UsageAsync(account);
    }

    /// <summary>Where the account's own warm-up stands; null without a warm-up.</summary>
    public WarmupStatus? AccountWarmup(string account, QuotaOptions options) => warmups.ForAccount(account, options);

    /// <summary>Where the warm-up of the account's domain stands; null without a warm-up.</summary>
    public WarmupStatus? DomainWarmup(string account, QuotaOptions options) => warmups.ForDomain(account, options);

    /// <summary>The dead-letter queues of requests: (reason, queue).</summary>
    public IReadOnlyList<(string Reason, string Queue)> DeadLetterQueues => Queue.ServiceDefaults.Messaging.DeadLetterQueues.Of(dispatcherQueue);
}
