using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Monitoring;

/// <summary>
/// When each zone and the authentication records are due. Everything is due at start; afterwards each zone waits
/// a random time between MinInterval and MaxInterval, so zones drift apart and never hit the lists in step.
/// </summary>
public sealed class MonitorSchedule(ScheduleOptions options, IEnumerable<string> zoneKeys, DateTimeOffset start, Random random)
{
    readonly Dictionary<string, DateTimeOffset> zones = zoneKeys.ToDictionary(k => k, _ => start);
    DateTimeOffset auth = start;

    public IReadOnlyList<string> DueZones(DateTimeOffset now) => zones.Where(z => z.Value <= now).Select(z => z.Key).ToList();

    public bool AuthDue(DateTimeOffset now) => auth <= now;

    public DateTimeOffset NextDue => zones.Values.Append(auth).Min();

    public void ZoneDone(string key, DateTimeOffset now) => zones[key] = now + Jitter();

    public void AuthDone(DateTimeOffset now) => auth = now + options.AuthInterval;

    public DateTimeOffset ZoneDue(string key) => zones[key];

    TimeSpan Jitter() => options.MinInterval + (options.MaxInterval - options.MinInterval) * random.NextDouble();
}
