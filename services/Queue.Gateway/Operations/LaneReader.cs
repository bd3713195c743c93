using Queue.ServiceDefaults.Messaging;
using Microsoft.Extensions.Options;
using Queue.Gateway.Status;
using Queue.Sending.Accounts;
using Queue.Sending.Control;
using Queue.Sending.Lanes;

namespace Queue.Gateway.Operations;

/// <summary>Puts together each lane's depth (broker), open requests and split progress (status store), holds and quota.</summary>
public sealed class LaneReader(
    SenderDirectory senders, RabbitManagementClient broker, RequestStatusStore statuses, SendingHoldStore holds, QuotaReader quotas,
    IOptions<GatewayOptions> options, TimeProvider clock)
{
    /// <summary>Open requests looked at per lane for progress; older ones beyond it still count in the totals.</summary>
    const int ProgressScan = 200;

    public async Task<IReadOnlyList<LaneView>> AllAsync(CancellationToken cancellationToken)
    {
        var inForce = await holds.AllAsync(clock.GetUtcNow());
        var lanes = new List<LaneView>();
        foreach (var sender in senders.All.OrderBy(s => s.Address))
        {
            lanes.Add(await ReadAsync(sender.Address, inForce, cancellationToken));
        }

        return lanes;
    }

    async Task<LaneView> ReadAsync(string account, IReadOnlyList<SendingHold> inForce, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var queue = LaneNames.For(options.Value.DispatcherQueue, account);
        var depth = await broker.DepthAsync(queue, cancellationToken);
        var open = await statuses.OpenAsync(account);
        var usage = await quotas.UsageAsync(account);
        var next = usage.Select(u => u.NextAllowedAt(now)).Where(t => t is not null).DefaultIfEmpty(now).Max();

        // A pause moves the start to its end; one without an end leaves nothing to estimate.
        var covering = inForce.Where(h => h.Covers(account) && h.Kind == HoldKind.Pause).ToList();
        DateTimeOffset? start = covering.Any(h => h.Until is null) ? null : covering.Select(h => h.Until!.Value).Append(now).Max();

        // Ahead of each request: every message of the requests accepted before it (lanes are roughly first in, first out).
        var progress = new List<LaneProgress>();
        long ahead = 0;
        foreach (var (requestId, acceptedAt) in open.Take(ProgressScan))
        {
            var split = await statuses.ProgressAsync(requestId, await statuses.MetaAsync(requestId));
            var pending = split?.Pending ?? 1;
            ahead += pending;
            if (split is not null)
            {
                progress.Add(new LaneProgress(requestId, acceptedAt, split.Total, split.Sent, split.Failed, split.Pending,
                    start is { } from ? CompletionEstimator.Estimate(usage, ahead, from) : null));
            }
        }

        DateTimeOffset? oldest = open.Count > 0 ? open[0].AcceptedAt : null;
        return new LaneView(account, queue, depth?.Ready, depth?.Unacknowledged, depth?.Consumers, depth?.HeadMessageAt,
            open.Count, oldest, oldest is { } o ? Math.Round((now - o).TotalSeconds, 1) : null, next,
            inForce.Where(h => h.Covers(account)).ToList(), progress);
    }
}
