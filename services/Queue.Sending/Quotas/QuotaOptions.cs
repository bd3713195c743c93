using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Quotas;

/// <summary>Section <c>Quotas</c>. Defaults live in appsettings.json (a bound list would append to defaults set here).</summary>
public sealed class QuotaOptions : IValidatableObject
{
    public const string Section = "Quotas";

    /// <summary>Fraction kept free under each published cap, because staff also send by hand from the same accounts.</summary>
    [Range(0.0, 0.9)]
    public double SafetyMargin { get; set; } = 0.05;

    /// <summary>Where calendar windows reset at midnight (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "America/Bogota";

    /// <summary>
    /// Replicas that must hold each reservation (Redis <c>WAIT</c>) before it counts as granted, so a failover to
    /// one of them forgets no grant; 0 (the default) does not wait. Not acknowledged within
    /// <see cref="ReplicaWaitTimeout"/>: the reservation is given back and the send waits as while Redis is down.
    /// </summary>
    [Range(0, 16)]
    public int WaitForReplicas { get; set; }

    public TimeSpan ReplicaWaitTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Limits every sender account has on its own.</summary>
    public List<QuotaLimitOptions> Account { get; set; } = [];

    /// <summary>Limits on the whole domain, all accounts together.</summary>
    public List<QuotaLimitOptions> Domain { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone (use an IANA id such as America/Bogota)", [nameof(TimeZone)]);
        }

        if (WaitForReplicas > 0 && (ReplicaWaitTimeout < TimeSpan.FromMilliseconds(1) || ReplicaWaitTimeout > TimeSpan.FromSeconds(10)))
        {
            yield return new ValidationResult($"must be between 1 ms and 10 s when {nameof(WaitForReplicas)} is set (it delays every send)", [nameof(ReplicaWaitTimeout)]);
        }

        foreach (var (scope, limits) in new[] { (nameof(Account), Account), (nameof(Domain), Domain) })
        {
            foreach (var name in limits.GroupBy(l => l.Name).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                yield return new ValidationResult($"limit name '{name}' is used twice", [scope]);
            }
        }
    }

    /// <summary>The cap Queue enforces: the published one less the safety margin, never below one.</summary>
    public int? Effective(int? published) => published is { } cap ? Math.Max(1, (int)Math.Floor(cap * (1 - SafetyMargin))) : null;
}
