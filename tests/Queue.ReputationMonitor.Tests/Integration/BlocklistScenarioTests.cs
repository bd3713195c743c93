using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Telemetry;
using static Queue.ReputationMonitor.Tests.Integration.BlocklistScenario;

namespace Queue.ReputationMonitor.Tests.Integration;

public sealed class BlocklistScenarioTests(BlocklistScenario scenario) : IClassFixture<BlocklistScenario>
{
    IReadOnlyList<ReputationListingConfirmed> Confirmed => scenario.Rig.Events.All<ReputationListingConfirmed>();

    [Fact]
    public void A_listed_address_is_confirmed_with_its_reason_and_delist_url()
    {
        var sbl = Assert.Single(Confirmed, e => e.Target == Listed);
        Assert.Equal((ReputationTargetKind.IPv4, "zen.test", "Spamhaus SBL", ReputationSeverity.High), (sbl.TargetKind, sbl.Zone, sbl.List, sbl.Severity));
        Assert.Equal(["127.0.0.2"], sbl.Codes);
        Assert.Equal(SpamhausReason, sbl.Reason);
        Assert.Equal("https://check.spamhaus.org/", sbl.DelistUrl);
        Assert.True(sbl.FirstSeen < sbl.ConfirmedAt);
    }

    [Fact]
    public void A_multi_code_answer_confirms_each_list_with_its_severity() =>
        Assert.Equal(
            [("Spamhaus PBL (ISP)", ReputationSeverity.Medium, "127.0.0.10"), ("Spamhaus XBL", ReputationSeverity.High, "127.0.0.4")],
            Confirmed.Where(e => e.Target == MultiCode).Select(e => (e.List, e.Severity, e.Codes.Single())).OrderBy(e => e.List));

    [Fact]
    public void An_ipv6_address_is_asked_in_nibble_form() =>
        Assert.Single(Confirmed, e => e is { Target: ListedV6, TargetKind: ReputationTargetKind.IPv6, Zone: "zen6.test", List: "Spamhaus SBL" });

    [Fact]
    public void Domains_are_confirmed_on_dbl_and_by_bitmask_on_uribl_and_surbl()
    {
        var dbl = Assert.Single(Confirmed, e => e is { Target: SpamDomain, Zone: "dbl.test" });
        Assert.Equal(("Spamhaus DBL spam", "https://www.spamhaus.org/query/domain/spam.example"), (dbl.List, dbl.Reason));
        Assert.Equal(["SURBL ABUSE", "SURBL MW (malware)"], Confirmed.Where(e => e is { Target: SpamDomain, Zone: "surbl.test" }).Select(e => e.List).Order());
        Assert.Single(Confirmed, e => e is { Target: OurDomain, Zone: "uribl.test", List: "URIBL black", Severity: ReputationSeverity.Medium });
    }

    [Fact]
    public void Error_codes_unknown_codes_and_clean_targets_never_give_a_listing()
    {
        Assert.DoesNotContain(Confirmed, e => e.Target is Clean or TypoCode or PublicResolverCode or TooManyQueriesCode or UnknownCode or OutsideLoopback);
        Assert.DoesNotContain(Confirmed, e => e is { Target: OurDomain, Zone: "dbl.test" } or { Target: SpamDomain, Zone: "uribl.test" });
        Assert.True(Confirmed.Count == 8, string.Join("\n", Confirmed));
    }

    [Fact]
    public async Task The_status_names_what_each_error_meant()
    {
        var status = await scenario.Rig.SavedStatusAsync();
        TargetZoneStatus Of(string target, string zone) => status.Targets.Single(t => t.Target == target && t.Zone == zone);
        Assert.Equal((LookupOutcome.ErrorCode, "127.255.255.252: typing error in the zone name"), (Of(TypoCode, "zen.test").LastOutcome, Of(TypoCode, "zen.test").LastDetail));
        Assert.Contains("public or open resolver", Of(PublicResolverCode, "zen.test").LastDetail);
        Assert.Contains("excessive number of queries", Of(TooManyQueriesCode, "zen.test").LastDetail);
        Assert.Contains("an IP address was asked of a domain list", Of(OurDomain, "dbl.test").LastDetail);
        Assert.Contains("query refused", Of(SpamDomain, "uribl.test").LastDetail);
        Assert.Equal(LookupOutcome.InvalidAnswer, Of(UnknownCode, "zen.test").LastOutcome);
        Assert.Equal(LookupOutcome.InvalidAnswer, Of(OutsideLoopback, "zen.test").LastOutcome);
        Assert.Equal(["198.51.100.7"], Of(OutsideLoopback, "zen.test").LastCodes);
        Assert.Equal(LookupOutcome.NotListed, Of(Clean, "zen.test").LastOutcome);
        Assert.All(Of(TypoCode, "zen.test").Listings, l => Assert.False(l.Confirmed));
        Assert.True(Of(Listed, "zen.test").Listings.Single(l => l.List == "Spamhaus SBL").Confirmed);
    }

    [Fact]
    public async Task A_list_answering_everything_and_a_list_answering_nothing_are_unhealthy_and_ignored()
    {
        var degraded = scenario.Rig.Events.All<ReputationMonitorDegraded>();
        Assert.Contains("the list answers everything", Assert.Single(degraded, e => e.Zone == "dead.test").Reason);
        Assert.Contains("the list is dead or refuses this resolver", Assert.Single(degraded, e => e.Zone == "gone.test").Reason);
        Assert.Equal(2, degraded.Count);
        Assert.DoesNotContain(Confirmed, e => e.Zone is "dead.test" or "gone.test");

        var zones = (await scenario.Rig.SavedStatusAsync()).Zones;
        Assert.False(zones.Single(z => z.Zone == "dead.test").Healthy);
        Assert.All(zones.Where(z => z.Zone is not ("dead.test" or "gone.test")), z => Assert.True(z.Healthy && !z.Suspect && z.LastSuccessAt is not null));
    }

    [Fact]
    public async Task Ops_read_the_status_over_http()
    {
        using var http = scenario.Rig.Http();
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/reputation/status"));
        var listed = json.RootElement.GetProperty("targets").EnumerateArray()
            .Single(t => t.GetProperty("target").GetString() == Listed && t.GetProperty("zone").GetString() == "zen.test");
        Assert.Equal("Listed", listed.GetProperty("lastOutcome").GetString());
        var sbl = listed.GetProperty("listings").EnumerateArray().Single(l => l.GetProperty("list").GetString() == "Spamhaus SBL");
        Assert.True(sbl.GetProperty("confirmed").GetBoolean());
        Assert.Equal("High", sbl.GetProperty("severity").GetString());
        Assert.Equal(SpamhausReason, sbl.GetProperty("reason").GetString());
    }

    [Fact]
    public void Metrics_show_listings_codes_and_zone_health_under_their_export_names()
    {
        var factory = scenario.Rig.Services.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ReputationMetrics.MeterName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
            measurements.Add((instrument.Name, Convert.ToDouble(value), tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
        listener.SetMeasurementEventCallback<int>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.Start();
        listener.RecordObservableInstruments();

        double Listed(string target, string zone, string list) => measurements.Single(m => m.Instrument == "reputation.dnsbl.listed"
            && m.Tags["target"] == target && m.Tags["zone"] == zone && m.Tags["list"] == list).Value;
        Assert.Equal(1, Listed(BlocklistScenario.Listed, "zen.test", "Spamhaus SBL"));
        Assert.Equal(0, Listed(Clean, "zen.test", "Spamhaus SBL"));
        Assert.Equal(0, Listed(PublicResolverCode, "zen.test", "Spamhaus SBL"));
        var tags = measurements.First(m => m.Instrument == "reputation.dnsbl.listed").Tags.Keys.Order();
        Assert.Equal(["list", "severity", "target", "target_kind", "zone"], tags);

        Assert.Contains(measurements, m => m is { Instrument: "reputation.dnsbl.code.info" } && m.Tags["code"] == "127.255.255.254"
            && m.Tags["meaning"]!.Contains("public or open resolver"));
        Assert.Equal(0, measurements.Single(m => m.Instrument == "reputation.zone.healthy" && m.Tags["zone"] == "dead.test").Value);
        Assert.Equal(1, measurements.Single(m => m.Instrument == "reputation.zone.healthy" && m.Tags["zone"] == "zen.test").Value);
        Assert.Contains(measurements, m => m.Instrument == "reputation.zone.last_success_timestamp" && m.Value > 1.7e9);
    }
}
