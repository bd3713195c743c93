using Microsoft.Extensions.Options;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Telemetry;

namespace Queue.ReputationMonitor.Monitoring;

/// <summary>
/// Asks one zone about its test entries and, when it passes, about every target, one query at a time with a
/// polite pause between them. It only gathers answers; what they mean over time is the board's business.
/// </summary>
public sealed class ZoneRoundRunner(IDnsClient dns, ReputationMetrics metrics, IOptions<ScheduleOptions> schedule, TimeProvider clock)
{
    public async Task<ZoneRound> RunAsync(BlocklistZone zone, IReadOnlyList<Target> targets, CancellationToken cancellationToken)
    {
        var pacer = new Pacer(schedule.Value.Spacing, clock);
        var health = await TestEntriesAsync(zone, pacer, cancellationToken);
        if (!health.Healthy)
        {
            return new ZoneRound(zone, health, []);
        }

        var observations = new List<TargetObservation>();
        foreach (var target in targets)
        {
            var name = QueryNames.For(zone, target.Value);
            var classification = await LookupAsync(zone, name, pacer, cancellationToken);
            var reason = classification.Outcome == LookupOutcome.Listed ? await ReasonAsync(name, pacer, cancellationToken) : null;
            observations.Add(new TargetObservation(target, classification, reason));
        }

        return new ZoneRound(zone, health, observations);
    }

    /// <summary>
    /// RFC 5782 section 5: the listed entry must be listed and the other must not. A zone that fails either is
    /// dead, refusing this resolver, or listing the world, and none of its answers this round can be trusted.
    /// </summary>
    async Task<ZoneHealth> TestEntriesAsync(BlocklistZone zone, Pacer pacer, CancellationToken cancellationToken)
    {
        var listed = zone.TestListed is { } l ? await LookupAsync(zone, QueryNames.For(zone, l), pacer, cancellationToken) : null;
        var clean = zone.TestNotListed is { } c ? await LookupAsync(zone, QueryNames.For(zone, c), pacer, cancellationToken) : null;
        Classification?[] both = [listed, clean];
        if (both.Any(x => x?.Outcome == LookupOutcome.Timeout))
        {
            var silent = both.All(x => x is null || x.Outcome == LookupOutcome.Timeout);
            return new ZoneHealth(false, $"test entries got no answer ({both.First(x => x?.Outcome == LookupOutcome.Timeout)!.Detail})", silent);
        }

        if (listed is not null && listed.Outcome != LookupOutcome.Listed)
        {
            return new ZoneHealth(false, $"test entry {zone.TestListed} is not listed ({Describe(listed)}): the list is dead or refuses this resolver");
        }

        if (clean is not null && clean.Outcome != LookupOutcome.NotListed)
        {
            return new ZoneHealth(false, $"test entry {zone.TestNotListed} should not be listed ({Describe(clean)}): the list answers everything");
        }

        return ZoneHealth.Passed;
    }

    async Task<Classification> LookupAsync(BlocklistZone zone, string name, Pacer pacer, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(cancellationToken);
        var classification = AnswerClassifier.Classify(zone, await dns.QueryAsync(name, DnsRecordType.A, cancellationToken));
        metrics.Lookup(zone, classification.Outcome);
        return classification;
    }

    /// <summary>The zone's TXT record for a listed name (Spamhaus gives a lookup URL, SpamCop a reason).</summary>
    async Task<string?> ReasonAsync(string name, Pacer pacer, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(cancellationToken);
        var lookup = await dns.QueryAsync(name, DnsRecordType.TXT, cancellationToken);
        var texts = lookup.Records(DnsRecordType.TXT).Select(r => r.Text).Where(t => t.Length > 0).ToList();
        return texts.Count > 0 ? string.Join(" | ", texts) : null;
    }

    static string Describe(Classification classification)
    {
        var what = classification.Detail ?? string.Join(", ", classification.Answers);
        var outcome = ReputationMetrics.OutcomeTag(classification.Outcome);
        return what.Length > 0 ? $"{outcome}: {what}" : outcome;
    }
}
