using Queue.Reputation.Status;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>What a blocklist answer means for one entry.</summary>
/// <param name="Hits">The listing codes found; empty unless <see cref="Outcome"/> is Listed.</param>
/// <param name="Answers">Every address in the answer, as received.</param>
public sealed record Classification(LookupOutcome Outcome, IReadOnlyList<ZoneCode> Hits, IReadOnlyList<string> Answers, string? Detail)
{
    /// <summary>Only a plain listed or not-listed answer is an observation; everything else keeps the last state.</summary>
    public bool IsObservation => Outcome is LookupOutcome.Listed or LookupOutcome.NotListed;

    public static Classification Of(LookupOutcome outcome, string? detail, IReadOnlyList<string>? answers = null) =>
        new(outcome, [], answers ?? [], detail);
}
