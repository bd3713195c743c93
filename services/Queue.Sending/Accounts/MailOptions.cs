using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Accounts;

/// <summary>Section <c>Mail</c>: the accounts Queue sends from and the relay it submits to.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    [MinLength(1, ErrorMessage = "configure at least one sender account")]
    public List<SenderAccountOptions> Senders { get; set; } = [];

    [Required]
    public SmtpEndpointOptions Smtp { get; set; } = new();

    /// <summary>DKIM signing per sender domain; none by default.</summary>
    public List<DkimOptions> Dkim { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var duplicates = Senders.GroupBy(s => s.Address, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1);
        foreach (var duplicate in duplicates)
        {
            yield return new ValidationResult($"sender account {duplicate.Key} is configured twice", [nameof(Senders)]);
        }

        foreach (var duplicate in Dkim.GroupBy(d => d.Domain, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"DKIM for {duplicate.Key} is configured twice", [nameof(Dkim)]);
        }
    }
}
