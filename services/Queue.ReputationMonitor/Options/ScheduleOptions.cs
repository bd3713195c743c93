using System.ComponentModel.DataAnnotations;

namespace Queue.ReputationMonitor.Options;

/// <summary>Section <c>Schedule</c>: how often each zone and the authentication records are looked at.</summary>
public sealed class ScheduleOptions : IValidatableObject
{
    public const string Section = "Schedule";

    /// <summary>Off: nothing runs by itself (the tests drive rounds one by one).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A zone is looked at again after a random wait between these two, so lookups do not arrive at the lists in
    /// lockstep. Listings change in hours; 15–30 minutes is polite and still fast.
    /// </summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Pause between two queries to the same zone, so one round never bursts at a list.</summary>
    public TimeSpan Spacing { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often SPF, DKIM, DMARC, MX and reverse DNS are checked.</summary>
    public TimeSpan AuthInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wait before trying again to load the saved state when Redis does not answer at start.</summary>
    public TimeSpan RestoreRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(MinInterval)]);
        }

        if (MaxInterval < MinInterval)
        {
            yield return new ValidationResult("must not be shorter than MinInterval", [nameof(MaxInterval)]);
        }

        if (Spacing < TimeSpan.Zero)
        {
            yield return new ValidationResult("must not be negative", [nameof(Spacing)]);
        }

        if (AuthInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(AuthInterval)]);
        }
    }
}
