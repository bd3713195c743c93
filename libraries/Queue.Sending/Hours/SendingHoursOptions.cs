using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Hours;

/// <summary>
/// Section <c>SendingHours</c>: when mail of some categories or priorities may leave. A request one window
/// applies to waits for that window's next opening; a request none applies to goes at any time.
/// </summary>
public sealed class SendingHoursOptions : IValidatableObject
{
    public const string Section = "SendingHours";

    /// <summary>Off: every window is ignored (a switch for an emergency mailing, and for tests that run at any hour).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The clock the windows are read on (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "America/Bogota";

    public List<SendingWindowOptions> Windows { get; set; } = [];

    /// <summary>Days no window with <see cref="SendingWindowOptions.SkipHolidays"/> opens (shipped: Colombia's public holidays).</summary>
    public List<HolidayOptions> Holidays { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone (use an IANA id such as America/Bogota)", [nameof(TimeZone)]);
        }

        foreach (var name in Windows.GroupBy(w => w.Name).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return new ValidationResult($"window name '{name}' is used twice", [nameof(Windows)]);
        }
    }
}
