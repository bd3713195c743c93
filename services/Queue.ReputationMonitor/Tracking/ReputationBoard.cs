using Microsoft.Extensions.Options;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Tracking;

/// <summary>
/// Everything the monitor believes, in memory: per target and zone, per zone, per authentication check. Rounds
/// are applied here and turned into events; metrics and the saved read model are snapshots of it.
/// </summary>
public sealed class ReputationBoard
{
    readonly Lock gate = new();
    readonly BlocklistOptions options;
    readonly Dictionary<(string Zone, Target Target), TargetZoneState> pairs = [];
    readonly Dictionary<string, ZoneState> zones = [];
    readonly Dictionary<(string Target, string Check), AuthCheckStatus> auth = [];
    readonly ResolverState resolver = new();
    readonly ILogger<ReputationBoard> logger;

    public ReputationBoard(ZoneCatalog catalog, TargetSet targets, IOptions<BlocklistOptions> options, ILogger<ReputationBoard> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        foreach (var zone in catalog.Zones)
        {
            zones[zone.Key] = new ZoneState(zone);
            foreach (var target in targets.Of(zone.Kind))
            {
                pairs[(zone.Key, target)] = new TargetZoneState(target, zone, this.options.HitsToConfirm, this.options.MissesToClear);
            }
        }
    }

    public bool ResolverAnswering
    {
        get
        {
            lock (gate)
            {
                return resolver.Answering;
            }
        }
    }

    /// <summary>Applies one zone round and returns the events it causes, in order.</summary>
    public IReadOnlyList<object> Apply(ZoneRound round, DateTimeOffset now)
    {
        lock (gate)
        {
            var zone = zones[round.Zone.Key];
            var events = new List<object>();
            if (round.Health.NoAnswer)
            {
                events.AddRange(Some(resolver.Silent(round.Health.Reason ?? "timeout", now)));
            }
            else if (resolver.Answered())
            {
                logger.LogInformation("The resolver answers again");
            }

            if (!round.Health.Healthy)
            {
                events.AddRange(Some(zone.Distrust(round.Health.Reason ?? "failed its test entries", asSuspect: false, now)));
                return events;
            }

            var observed = round.Observations.Select(o => (State: pairs[(round.Zone.Key, o.Target)], Observation: o)).ToList();
            var flips = observed.Count(p => p.State.Flips(p.Observation.Classification));
            foreach (var (state, observation) in observed)
            {
                state.Record(observation.Classification, now);
            }

            // Many targets changing in the same round is the zone misbehaving, not a coincidence: ignore the round.
            // The answers become the new baseline, so a real mass listing is still confirmed in the rounds after.
            if (observed.Count >= options.SuspectMinTargets && flips * 2 > observed.Count)
            {
                events.AddRange(Some(zone.Distrust($"{flips} of {observed.Count} targets changed at once", asSuspect: true, now)));
                return events;
            }

            if (zone.Trust(now))
            {
                logger.LogInformation("Zone {Zone} is trusted again", round.Zone.Key);
            }

            foreach (var (state, observation) in observed.Where(p => p.Observation.Classification.IsObservation))
            {
                events.AddRange(state.Observe(observation, now));
            }

            return events;
        }
    }

    /// <summary>Records check results; a check that could not be looked up keeps its last known result.</summary>
    public void ApplyAuth(IEnumerable<AuthCheckStatus> results)
    {
        lock (gate)
        {
            foreach (var result in results)
            {
                var key = (result.Target, result.Check);
                if (result.Outcome != AuthCheckOutcome.Unknown || !auth.TryGetValue(key, out var known) || known.Outcome == AuthCheckOutcome.Unknown)
                {
                    auth[key] = result;
                }
            }
        }
    }

    /// <summary>Takes back what was saved before a restart, silently: a listing confirmed then is not announced again.</summary>
    public void Restore(ReputationStatus saved)
    {
        lock (gate)
        {
            foreach (var target in saved.Targets)
            {
                pairs.GetValueOrDefault((BlocklistZone.KeyOf(target.Zone, target.TargetKind), new Target(target.Target, target.TargetKind)))?.Restore(target);
            }

            foreach (var zone in saved.Zones)
            {
                zones.GetValueOrDefault(BlocklistZone.KeyOf(zone.Zone, zone.Kind))?.Restore(zone);
            }

            foreach (var check in saved.AuthChecks)
            {
                auth[(check.Target, check.Check)] = check;
            }
        }
    }

    public (IReadOnlyList<TargetZoneStatus> Targets, ZoneStatus Zone) StatusOf(BlocklistZone zone)
    {
        lock (gate)
        {
            return (pairs.Where(p => p.Key.Zone == zone.Key).Select(p => p.Value.ToStatus()).ToList(), zones[zone.Key].ToStatus());
        }
    }

    /// <summary>The zones alone, for readers that need no targets (health, metrics).</summary>
    public IReadOnlyList<ZoneStatus> ZoneStatuses()
    {
        lock (gate)
        {
            return zones.Values.Select(z => z.ToStatus()).ToList();
        }
    }

    public IReadOnlyList<AuthCheckStatus> AuthChecks()
    {
        lock (gate)
        {
            return auth.Values.ToList();
        }
    }

    public ReputationStatus Snapshot()
    {
        lock (gate)
        {
            return new ReputationStatus
            {
                Targets = pairs.Values.Select(p => p.ToStatus()).ToList(),
                Zones = zones.Values.Select(z => z.ToStatus()).ToList(),
                AuthChecks = auth.Values.ToList(),
            };
        }
    }

    static IEnumerable<object> Some(object? item) => item is null ? [] : [item];
}
