using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Settings;

/// <summary>Section <c>SharedSettings</c>: where the shipped defaults are and how fast a change reaches this process.</summary>
public sealed class SharedSettingsOptions : IValidatableObject
{
    public const string Section = "SharedSettings";

    /// <summary>The shipped defaults (version 0); default <c>queue-settings.json</c> next to the service.</summary>
    public string? File { get; set; }

    /// <summary>Backstop for a missed change notification: every replica follows a change within this time.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long start waits for Redis to give the stored version.</summary>
    public TimeSpan StartupWait { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PollInterval < TimeSpan.FromMilliseconds(100) || PollInterval > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("must be between 00:00:00.1 and 00:05:00", [nameof(PollInterval)]);
        }
    }
}
