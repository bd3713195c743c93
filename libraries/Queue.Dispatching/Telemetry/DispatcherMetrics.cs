using System.Diagnostics;
using System.Diagnostics.Metrics;
using Queue.Contracts;

namespace Queue.Dispatching.Telemetry;

/// <summary>
/// Queue's own instruments. Exported through OTLP and the collector they become Prometheus series such as
/// <c>queue_requests_sent_total</c> and <c>queue_smtp_duration_seconds</c>.
/// </summary>
public sealed class DispatcherMetrics : IDisposable
{
    public const string MeterName = "Queue.Dispatcher";

    /// <summary>Spans of Queue's own work (the SMTP submission), children of MassTransit's consume spans.</summary>
    public static readonly ActivitySource Activities = new(MeterName);

    readonly Meter meter;
    readonly Counter<long> accepted;
    readonly Counter<long> rejected;
    readonly Counter<long> held;
    readonly Counter<long> deferred;
    readonly Counter<long> sent;
    readonly Counter<long> failed;
    readonly Counter<long> replies;
    readonly Counter<long> inDoubt;
    readonly Histogram<double> smtpDuration;
    readonly Counter<long> bounces;
    readonly Counter<long> complaints;
    readonly Counter<long> reportsIgnored;
    readonly Counter<long> reportsSetAside;

    public DispatcherMetrics(IMeterFactory meters, DispatcherGauges gauges)
    {
        meter = meters.Create(MeterName);
        accepted = meter.CreateCounter<long>("queue.requests.accepted", "{request}", "Requests that passed validation and policy");
        rejected = meter.CreateCounter<long>("queue.requests.rejected", "{request}", "Requests refused for good, by the first rule broken");
        held = meter.CreateCounter<long>("queue.requests.held", "{request}", "Requests held for approval");
        deferred = meter.CreateCounter<long>("queue.requests.deferred", "{request}", "Requests put off until later, by rule");
        sent = meter.CreateCounter<long>("queue.requests.sent", "{request}", "Messages the SMTP server accepted");
        failed = meter.CreateCounter<long>("queue.requests.failed", "{request}", "Messages given up on");
        inDoubt = meter.CreateCounter<long>("queue.requests.in_doubt", "{request}", "Requests sent again after an attempt that ended without an outcome: possible duplicates");
        replies = meter.CreateCounter<long>("queue.smtp.replies", "{reply}", "SMTP outcomes by reply class");
        smtpDuration = meter.CreateHistogram<double>("queue.smtp.duration", "s", "Time to submit one message by SMTP",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        bounces = meter.CreateCounter<long>("queue.bounces", "{recipient}", "Recipients reported back by a bounce, by class (Hard, Soft, Policy, SenderQuota)");
        complaints = meter.CreateCounter<long>("queue.complaints", "{recipient}", "Recipients who marked a message as spam (ARF feedback reports)");
        reportsIgnored = meter.CreateCounter<long>("queue.bounce_reports.ignored", "{report}", "Reports of the bounce mailbox with nothing to act on (auto-replies, positive DSNs)");
        reportsSetAside = meter.CreateCounter<long>("queue.bounce_reports.set_aside", "{report}", "Reports moved to the unprocessable folder");
        gauges.Register(meter);
    }

    public void Accepted(string account, EmailCategory category) => accepted.Add(1, new("account", account), new("category", category.ToString()));

    public void Rejected(string rule, EmailCategory category) => rejected.Add(1, new("rule", rule), new("category", category.ToString()));

    public void Held(string rule) => held.Add(1, new KeyValuePair<string, object?>("rule", rule));

    public void Deferred(string account, string rule) => deferred.Add(1, new("account", account), new("rule", rule));

    public void Sent(string account, EmailCategory category) => sent.Add(1, new("account", account), new("category", category.ToString()));

    public void InDoubt(string account) => inDoubt.Add(1, new KeyValuePair<string, object?>("account", account));

    public void Failed(string account, bool permanent) => failed.Add(1, new("account", account), new("permanent", permanent));

    /// <param name="replyClass">2xx, 4xx, 5xx, timeout or connection.</param>
    public void Submitted(string account, string replyClass, TimeSpan duration)
    {
        replies.Add(1, new("account", account), new("class", replyClass));
        smtpDuration.Record(duration.TotalSeconds, new("account", account), new("class", replyClass));
    }

    public void Reported(string account, BounceClass @class)
    {
        if (@class == BounceClass.Complaint)
        {
            complaints.Add(1, new KeyValuePair<string, object?>("account", account));
        }
        else
        {
            bounces.Add(1, new("account", account), new("class", @class.ToString()));
        }
    }

    public void ReportIgnored(string kind) => reportsIgnored.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void ReportSetAside() => reportsSetAside.Add(1);

    public void Dispose() => meter.Dispose();
}
