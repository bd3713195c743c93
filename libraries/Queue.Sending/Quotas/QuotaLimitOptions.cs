using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Quotas;

/// <summary>One limit: at most <see cref="Messages"/> messages and <see cref="Recipients"/> recipients per <see cref="Window"/>.</summary>
public sealed class QuotaLimitOptions : IValidatableObject
{
    [Required]
    [RegularExpression("^[a-z0-9-]+$", ErrorMessage = "use lower-case letters, digits and '-' only")]
    public string Name { get; set; } = "";

    public TimeSpan Window { get; set; }

    public QuotaWindowMode Mode { get; set; } = QuotaWindowMode.Rolling;

    /// <summary>Messages per window as the provider publishes it; null for no message cap.</summary>
    [Range(1, int.MaxValue)]
    public int? Messages { get; set; }

    /// <summary>Recipients per window as the provider publishes it; null for no recipient cap.</summary>
    [Range(1, int.MaxValue)]
    public int? Recipients { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("must be at least one second (e.g. 01:00:00 for an hour)", [nameof(Window)]);
        }

        if (Mode == QuotaWindowMode.Calendar && (Window > TimeSpan.FromDays(1) || TimeSpan.FromDays(1).Ticks % Math.Max(1, Window.Ticks) != 0))
        {
            yield return new ValidationResult("a calendar window must divide a day (e.g. 01:00:00 or 1.00:00:00)", [nameof(Window)]);
        }

        if (Messages is null && Recipients is null)
        {
            yield return new ValidationResult("a limit needs Messages, Recipients or both", [nameof(Messages)]);
        }
    }
}
