using System.ComponentModel.DataAnnotations;

namespace Queue.Dispatching.Bounces;

/// <summary>Section <c>Bounces</c>: the bounce mailbox and what reports do. The reader runs when <c>Bounces:Imap:Host</c> is set.</summary>
public sealed class BounceOptions : IValidatableObject
{
    public const string Section = "Bounces";

    public BounceImapOptions Imap { get; set; } = new();

    /// <summary>Soft bounces of one address within <see cref="SoftBounceWindow"/> that suppress it.</summary>
    [Range(1, 1000)]
    public int SoftBounceLimit { get; set; } = 3;

    public TimeSpan SoftBounceWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long repeated soft bounces keep an address suppressed.</summary>
    public TimeSpan SoftSuppressionFor { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a sent message is remembered for reports about it (they come back within days).</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(30);

    public BouncePauseOptions Pause { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(SoftBounceWindow), SoftBounceWindow), (nameof(SoftSuppressionFor), SoftSuppressionFor), (nameof(SentRetention), SentRetention) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult("must be a positive time span, e.g. 7.00:00:00", [name]);
            }
        }
    }
}
