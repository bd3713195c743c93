using System.Diagnostics.Metrics;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Sending.Bounces;
using Queue.Sending.Quotas;

namespace Queue.Dispatching.Telemetry;

/// <summary>
/// Gauges read from the last sample (<see cref="TelemetrySampler"/>) and from the lanes: an export never waits on
/// Redis or the broker.
/// </summary>
public sealed class DispatcherGauges(LaneDirectory lanes, TimeProvider clock)
{
    volatile Snapshot latest = new([], [], []);
    volatile IReadOnlyList<BounceWindow> bounceWindows = [];

    public sealed record LaneSample(string Account, long Backlog, double OldestAgeSeconds);

    /// <param name="Reason"><c>unreadable</c> (the intake's error queue) or <c>unknown-type</c> (its skipped queue).</param>
    public sealed record DeadLetterSample(string Reason, long Count);

    public sealed record Snapshot(IReadOnlyList<(string Account, QuotaUsage Usage)> Quotas, IReadOnlyList<LaneSample> Lanes, IReadOnlyList<DeadLetterSample> DeadLetters);

    public void Update(Snapshot snapshot) => latest = snapshot;

    /// <summary>The accounts' 24-hour windows, read from Redis by <see cref="Bounces.BounceRateWatch"/>.</summary>
    public void UpdateBounces(IReadOnlyList<BounceWindow> windows) => bounceWindows = windows;

    public void Register(Meter meter)
    {
        meter.CreateObservableGauge("queue.quota.used", () => Quota((u, unit) => u.Used(unit)), "{unit}", "Used in the window ending now");
        meter.CreateObservableGauge("queue.quota.cap", () => Quota((u, unit) => u.Cap(unit)), "{unit}", "Cap enforced (published cap less the margin)");
        meter.CreateObservableGauge("queue.quota.remaining", () => Quota((u, unit) => u.Remaining(unit)), "{unit}", "Room left in the window ending now");
        meter.CreateObservableGauge("queue.quota.utilisation", () => latest.Quotas.Select(q => Measure(q.Usage.Utilisation, q.Account, q.Usage.Limit.ToString())), "1", "Share of the tighter cap in use");
        meter.CreateObservableGauge("queue.quota.next_allowed", () => latest.Quotas.Select(q =>
            Measure((q.Usage.NextAllowedAt(clock.GetUtcNow()) ?? clock.GetUtcNow()).ToUnixTimeSeconds(), q.Account, q.Usage.Limit.ToString())), "s", "Unix time one more message fits");
        meter.CreateObservableGauge("queue.lane.paused", () => lanes.All.SelectMany(l => l.Holds.Select(h =>
            new Measurement<int>(1, new("account", l.Account), new("source", h.Source.Split(':')[0]), new("reason", Shorten(h.Reason))))), "{lane}", "Lanes held, by source");
        meter.CreateObservableGauge("queue.bounces.rate", () => bounceWindows.SelectMany(w =>
            new[] { BounceClass.Hard, BounceClass.Soft, BounceClass.Policy, BounceClass.SenderQuota }.Select(c => new Measurement<double>(w.Rate(c), new("account", w.Account), new("class", c.ToString())))),
            "1", "Bounced recipients per recipient sent over the last 24 hours, by class");
        meter.CreateObservableGauge("queue.complaints.rate", () => bounceWindows.Select(w => new Measurement<double>(w.Rate(BounceClass.Complaint), new KeyValuePair<string, object?>("account", w.Account))),
            "1", "Complaints per recipient sent over the last 24 hours");
        meter.CreateObservableGauge("queue.lane.backlog", () => latest.Lanes.Select(l => new Measurement<long>(l.Backlog, new KeyValuePair<string, object?>("account", l.Account))), "{request}", "Requests waiting in the lane");
        meter.CreateObservableGauge("queue.dead_letters", () => latest.DeadLetters.Select(d => new Measurement<long>(d.Count, new KeyValuePair<string, object?>("reason", d.Reason))),
            "{request}", "Requests set aside because they cannot be read or have a message type Queue does not know");
        meter.CreateObservableGauge("queue.lane.oldest_age", () => latest.Lanes.Select(l => new Measurement<double>(l.OldestAgeSeconds, new KeyValuePair<string, object?>("account", l.Account))), "s", "Age of the oldest request waiting in the lane");
    }

    /// <summary>One series per account, limit and unit that has a cap.</summary>
    IEnumerable<Measurement<long>> Quota(Func<QuotaUsage, QuotaUnit, long?> read) =>
        latest.Quotas.SelectMany(q => Enum.GetValues<QuotaUnit>()
            .Where(unit => q.Usage.Cap(unit) is not null)
            .Select(unit => new Measurement<long>(read(q.Usage, unit) ?? 0, new("account", q.Account), new("limit", q.Usage.Limit.ToString()), new("unit", Label(unit)))));

    /// <summary>The <c>unit</c> label's values, as dashboards know them.</summary>
    static string Label(QuotaUnit unit) => unit == QuotaUnit.Messages ? "messages" : "recipients";

    static Measurement<double> Measure(double value, string account, string limit) => new(value, new("account", account), new("limit", limit));

    static string Shorten(string reason) => reason.Length <= 80 ? reason : reason[..77] + "...";
}
