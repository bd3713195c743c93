using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Lanes;
using Queue.Dispatcher.ReadModel;

namespace Queue.Dispatching.Lanes;

/// <summary>
/// A lane per configured sender account, so an account out of quota never holds back another. Within a lane
/// RabbitMQ's priorities put Urgent before Normal before Bulk.
/// </summary>
public sealed class LaneDirectory : IDisposable
{
    /// <summary>Classic-queue priorities used: Bulk 0, Normal 1, Urgent 2.</summary>
    public const byte MaxPriority = 2;

    readonly FrozenDictionary<string, Lane> lanes;

    /// <param name="state">Where the lanes' holds are shown to the gateway; null keeps them in this process (the lane steps' unit tests).</param>
    public LaneDirectory(SenderDirectory senders, LaneStateStore? state, IOptions<DispatcherOptions> options, TimeProvider clock, ILogger<LaneDirectory> logger)
    {
        lanes = senders.All.ToFrozenDictionary(
            a => a.Address,
            a => new Lane(a.Address, LaneNames.For(options.Value.QueueName, a.Address), state, clock, logger),
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<Lane> All => lanes.Values;

    public Lane For(string account) => lanes[account];

    /// <summary>The lane consuming <paramref name="queueName"/>; null for a queue that is not a lane's.</summary>
    public Lane? ForQueue(string queueName) => lanes.Values.FirstOrDefault(l => string.Equals(l.QueueName, queueName, StringComparison.Ordinal));

    /// <summary>A domain-wide limit holds every lane of the domain.</summary>
    public void PauseDomain(string domain, DateTimeOffset until, string reason)
    {
        foreach (var lane in lanes.Values.Where(l => l.Account.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase)))
        {
            lane.PauseUntil(until, reason);
        }
    }

    public static byte PriorityOf(EmailPriority priority) => priority switch
    {
        EmailPriority.Urgent => 2,
        EmailPriority.Bulk => 0,
        _ => 1,
    };


    public void Dispose()
    {
        foreach (var lane in lanes.Values)
        {
            lane.Dispose();
        }
    }
}
