using System.Diagnostics.Metrics;
using System.Net;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Tracking;

namespace Queue.ReputationMonitor.Telemetry;

/// <summary>
/// Meter <c>Queue.Reputation</c> (exported by ServiceDefaults with every <c>Queue.*</c> meter). OpenTelemetry names
/// become Prometheus names on export: dots turn into underscores, a unit of seconds adds <c>_seconds</c>, counters
/// add <c>_total</c> — e.g. <c>reputation.dnsbl.listed</c> is scraped as <c>reputation_dnsbl_listed</c>.
/// </summary>
public sealed class ReputationMetrics
{
    public const string MeterName = "Queue.Reputation";

    readonly Counter<long> lookups;
    readonly Histogram<double> duration;
    readonly ReputationBoard board;
    readonly ZoneCatalog catalog;

    public ReputationMetrics(IMeterFactory meters, ReputationBoard board, ZoneCatalog catalog)
    {
        this.board = board;
        this.catalog = catalog;
        var meter = meters.Create(MeterName);
        lookups = meter.CreateCounter<long>("reputation.dnsbl.lookups", description: "Blocklist lookups by zone and outcome (listed, not_listed, error_code, invalid_answer, dns_error, timeout)");
        duration = meter.CreateHistogram<double>("reputation.dns.lookup.duration", unit: "s", description: "Time of DNS lookups that went to the resolver");
        meter.CreateObservableGauge("reputation.dnsbl.listed", Listed, description: "1 while a listing is confirmed, 0 otherwise, per target, zone and list");
        meter.CreateObservableGauge("reputation.dnsbl.code.info", Codes, description: "1 for each address in the last answer of a target in a zone, with its meaning");
        meter.CreateObservableGauge("reputation.zone.healthy", Healthy, description: "1 while a zone passes its test entries and is not suspect");
        meter.CreateObservableGauge("reputation.zone.last_success_timestamp", LastSuccess, unit: "s", description: "Unix time of the last round whose answers were used");
        meter.CreateObservableGauge("reputation.auth.check", AuthChecks, description: "1 when a DNS authentication check passes, 0 when it fails");
    }

    public void Lookup(BlocklistZone zone, LookupOutcome outcome) =>
        lookups.Add(1, new("zone", zone.Name), new("zone_kind", zone.Kind.ToString()), new("outcome", OutcomeTag(outcome)));

    public void Duration(DnsLookup lookup) =>
        duration.Record(lookup.Elapsed.TotalSeconds, new("query_type", lookup.Type.ToString()), new("status", lookup.Status.ToString().ToLowerInvariant()));

    public static string OutcomeTag(LookupOutcome outcome) => outcome switch
    {
        LookupOutcome.Listed => "listed",
        LookupOutcome.NotListed => "not_listed",
        LookupOutcome.ErrorCode => "error_code",
        LookupOutcome.InvalidAnswer => "invalid_answer",
        LookupOutcome.DnsError => "dns_error",
        _ => "timeout",
    };

    IEnumerable<Measurement<int>> Listed() =>
        from target in board.Snapshot().Targets
        from listing in target.Listings
        select new Measurement<int>(listing.Confirmed ? 1 : 0,
            new("target", target.Target), new("target_kind", target.TargetKind.ToString()), new("zone", target.Zone),
            new("list", listing.List), new("severity", listing.Severity.ToString()));

    IEnumerable<Measurement<int>> Codes() =>
        from target in board.Snapshot().Targets
        let zone = catalog.Find(BlocklistZone.KeyOf(target.Zone, target.TargetKind))
        from code in target.LastCodes
        where zone is not null
        select new Measurement<int>(1,
            new("target", target.Target), new("target_kind", target.TargetKind.ToString()), new("zone", target.Zone),
            new("code", code), new("meaning", zone.Describe(IPAddress.Parse(code))));

    IEnumerable<Measurement<int>> Healthy() =>
        board.ZoneStatuses().Select(z => new Measurement<int>(z.Trusted ? 1 : 0, new("zone", z.Zone), new("zone_kind", z.Kind.ToString())));

    IEnumerable<Measurement<double>> LastSuccess() =>
        board.ZoneStatuses().Where(z => z.LastSuccessAt is not null)
            .Select(z => new Measurement<double>(z.LastSuccessAt!.Value.ToUnixTimeMilliseconds() / 1000.0, new("zone", z.Zone), new("zone_kind", z.Kind.ToString())));

    IEnumerable<Measurement<int>> AuthChecks() =>
        board.AuthChecks().Where(c => c.Outcome != AuthCheckOutcome.Unknown)
            .Select(c => new Measurement<int>(c.Outcome == AuthCheckOutcome.Pass ? 1 : 0, new("target", c.Target), new("check", c.Check)));
}
