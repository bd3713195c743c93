using System.ComponentModel.DataAnnotations;
using Queue.Contracts;

namespace Queue.Sending.Hours;

/// <summary>
/// One window: requests of <see cref="Categories"/> or <see cref="Priorities"/> go only from <see cref="Start"/>
/// to <see cref="End"/> on <see cref="Days"/>. Urgent mail never waits for a window unless it names Urgent.
/// </summary>
public sealed class SendingWindowOptions : IValidatableObject
{
    [Required]
    [RegularExpression("^[a-z0-9-]+$", ErrorMessage = "use lower-case letters, digits and '-' only")]
    public string Name { get; set; } = "";

    public List<EmailCategory> Categories { get; set; } = [];

    public List<EmailPriority> Priorities { get; set; } = [];

    public List<DayOfWeek> Days { get; set; } = [];

    /// <summary>Local time of day the window opens.</summary>
    public TimeSpan Start { get; set; }

    /// <summary>Local time of day it closes (exclusive).</summary>
    public TimeSpan End { get; set; }

    public bool SkipHolidays { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Categories.Count == 0 && Priorities.Count == 0)
        {
            yield return new ValidationResult("a window needs Categories, Priorities or both (what waits for it)", [nameof(Categories)]);
        }

        if (Days.Count == 0)
        {
            yield return new ValidationResult("name at least one day (e.g. Monday)", [nameof(Days)]);
        }

        if (Start < TimeSpan.Zero || Start >= TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("must be a time of day, e.g. 07:00:00", [nameof(Start)]);
        }

        if (End <= Start || End > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("must be after Start and at most 1.00:00:00 (e.g. 18:00:00)", [nameof(End)]);
        }
    }

    public bool AppliesTo(EmailCategory category, EmailPriority priority) =>
        priority == EmailPriority.Urgent ? Priorities.Contains(EmailPriority.Urgent) : Categories.Contains(category) || Priorities.Contains(priority);
}
