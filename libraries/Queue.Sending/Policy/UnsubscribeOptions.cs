using System.ComponentModel.DataAnnotations;
using System.Text;
using Queue.Configuration;

namespace Queue.Sending.Policy;

/// <summary>One-click unsubscribe (RFC 8058) for mass mail.</summary>
public sealed class UnsubscribeOptions : IValidatableObject
{
    /// <summary>HMAC-SHA256 keys shorter than its 32-byte output weaken it; random bytes, not a phrase.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>Secrets written in this repository's settings and manifests: anyone can read them.</summary>
    static readonly string[] SampleSecrets = ["development-only-secret-change-me", "CHANGE-ME"];

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

    /// <summary>A known or short key lets anyone forge links that unsubscribe citizens from official mail.</summary>
    public IEnumerable<UnsafeSetting> UnsafeOutsideDevelopment()
    {
        const string Advice = "set Policy__Unsubscribe__Secret from a secret store to at least 32 random bytes (e.g. `openssl rand -base64 48`), the same in the dispatcher and the gateway";
        if (SampleSecrets.Contains(Secret.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            yield return new UnsafeSetting($"Unsubscribe:{nameof(Secret)}", $"it is the sample secret published in this repository, so anyone can forge unsubscribe links; {Advice}");
        }
        else if (Encoding.UTF8.GetByteCount(Secret) < MinSecretBytes)
        {
            yield return new UnsafeSetting($"Unsubscribe:{nameof(Secret)}", $"it is {Encoding.UTF8.GetByteCount(Secret)} bytes, shorter than {MinSecretBytes}; {Advice}");
        }
    }
}
