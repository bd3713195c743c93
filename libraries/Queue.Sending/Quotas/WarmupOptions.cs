using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Quotas;

/// <summary>
/// A ramp for a new account or sending IP: from <see cref="Start"/>, day N may send the N-th cap of the schedule
/// (<see cref="Table"/>, or <see cref="FirstDay"/> times <see cref="Factor"/> per day) until that reaches the full
/// daily cap. Days the provider throttled do not count.
/// </summary>
public sealed class WarmupOptions : IValidatableObject
{
    /// <summary>Day 1 of the ramp (a local date in <c>Quotas:TimeZone</c>).</summary>
    public DateOnly Start { get; set; }

    [Range(1, int.MaxValue)]
    public int FirstDay { get; set; } = 50;

    [Range(1.1, 10.0)]
    public double Factor { get; set; } = 2;

    /// <summary>Explicit daily caps, day 1 first; when given, replaces FirstDay and Factor.</summary>
    public List<int> Table { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Start == default)
        {
            yield return new ValidationResult("give the first day of the ramp, e.g. 2026-12-07", [nameof(Start)]);
        }

        if (Table.Any(c => c < 1) || Table.Zip(Table.Skip(1)).Any(p => p.Second < p.First))
        {
            yield return new ValidationResult("daily caps must be positive and never decrease", [nameof(Table)]);
        }
    }
}
