using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Policy;

/// <summary>One-click unsubscribe (RFC 8058) for mass mail.</summary>
public sealed class UnsubscribeOptions : IValidatableObject
{
    /// <summary>The HTTPS endpoint that takes the one-click POST (the gateway's <c>/v1/unsubscribe</c>).</summary>
    [Required]
    public string Url { get; set; } = "";

    /// <summary>Optional mailbox for unsubscribe requests by mail, offered next to the URL.</summary>
    public string? Mailto { get; set; }

    /// <summary>Signs each link so nobody can unsubscribe someone else; from the environment or a secret store.</summary>
    [Required]
    [MinLength(16, ErrorMessage = "use a secret of at least 16 characters")]
    public string Secret { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("must be an absolute https URL (RFC 8058 one-click needs HTTPS)", [nameof(Url)]);
        }
    }
}
