using Queue.Dispatcher.ReadModel;
using Queue.Gateway.Status;
using Queue.Sending.Accounts;
using Queue.Sending.Control;
using Queue.Sending.Lanes;
using HoldKind = Queue.Sending.Control.HoldKind;
using LaneHoldKind = Queue.Sending.Lanes.LaneHoldKind;

namespace Queue.Gateway.Operations;

/// <summary>
/// Puts together each lane's depth (broker), open requests and split progress (status store), holds (the dispatcher's
/// lane read model, and the stored operator and reputation pauses even while no dispatcher runs) and quota.
/// </summary>
public sealed class LaneReader(
    SenderDirectory senders, DispatcherReadModel dispatcher, RequestStatusStore statuses, QuotaReader quotas, TimeProvider clock)
{
    /// <summary>Open requests looked at per lane for progress; older ones beyond it still count in the totals.</summary>
    const int ProgressScan = 200;

    public async Task<IReadOnlyList<LaneView>> AllAsync(CancellationToken cancellationToken)
    {
        var inForce = await dispatcher.HoldsAsync(clock.GetUtcNow());
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
        var queue = dispatcher.LaneQueue(account);
        var depth = await dispatcher.LaneDepthAsync(account, cancellationToken);
        var open = await statuses.OpenAsync(account);
        var usage = await quotas.UsageAsync(account);
        var next = usage.Select(u => u.NextAllowedAt(now)).Where(t => t is not null).DefaultIfEmpty(now).Max();

        // Whatever stops the lane moves the start to its end; one without an end leaves nothing to estimate.
        var stopped = await StoppedByAsync(account, inForce, now);
        DateTimeOffset? start = stopped.Any(h => h.Until is null) ? null : stopped.Select(h => h.Until!.Value).Append(now).Max();

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
            inForce.Where(h => h.Covers(account)).Select(h => h.ToView()).ToList(), progress)
        {
            State = stopped.Count == 0 ? LaneState.Sending : LaneState.Held,
            HeldUntil = stopped.Count == 0 || start is null ? null : start,
            HeldBy = stopped.Select(h => h.ToView()).ToList(),
        };
    }

    /// <summary>Why the lane is not sending: the dispatcher's holds, plus stored pauses it has not applied (or no dispatcher runs).</summary>
    async Task<IReadOnlyList<LaneHold>> StoppedByAsync(string account, IReadOnlyList<SendingHold> inForce, DateTimeOffset now)
    {
        var published = await dispatcher.LaneHoldsAsync(account, now);
        var stored = inForce.Where(h => h.Covers(account) && h.Kind == HoldKind.Pause && published.All(p => p.Source != h.Source))
            .Select(h => new LaneHold(h.LaneKind,
                h.Source, $"{h.Reason} ({h.By})", h.At, h.Until));
        return [.. published, .. stored];
    }
}
