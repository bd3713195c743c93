using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace Queue.Sending.Accounts;

/// <summary>
/// DKIM signing for one sender domain (<c>Mail:Dkim:N</c>). Off unless configured: Google Workspace and Exchange
/// Online sign outgoing mail themselves; a relay that does not is the case for this.
/// </summary>
public sealed class DkimOptions : IValidatableObject
{
    /// <summary>The headers signed when <see cref="Headers"/> is not set (those a receiver shows or acts on).</summary>
    public static readonly IReadOnlyList<string> DefaultHeaders =
    [
        "From", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "List-Unsubscribe", "List-Unsubscribe-Post", "X-Queue-Request-Id",
    ];

    /// <summary>The domain of the sender addresses signed for, and the signature's <c>d=</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The selector (<c>s=</c>): the public key is published at <c>{Selector}._domainkey.{Domain}</c>.</summary>
    public string Selector { get; set; } = "";

    /// <summary>The RSA private key, PEM, in a file; or <see cref="PrivateKey"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The RSA private key as PEM text, from a secret store or the environment; never logged.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The headers to sign; <see cref="DefaultHeaders"/> when empty. From is always signed.</summary>
    public List<string> Headers { get; set; } = [];

    // Every rule is here rather than in attributes: a failed attribute would hide the others from the operator.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Domain))
        {
            yield return new ValidationResult("the domain to sign for is required", [nameof(Domain)]);
        }

        if (string.IsNullOrWhiteSpace(Selector) || Selector.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            yield return new ValidationResult("the selector is required: letters, digits, '-' and '.' only", [nameof(Selector)]);
        }

        if (string.IsNullOrEmpty(PrivateKeyPath) == string.IsNullOrEmpty(PrivateKey))
        {
            yield return new ValidationResult("set either the private key's file or the private key, not both, not neither", [nameof(PrivateKeyPath)]);
        }
        else if (!string.IsNullOrEmpty(PrivateKeyPath) && !File.Exists(PrivateKeyPath))
        {
            yield return new ValidationResult($"the file {PrivateKeyPath} does not exist", [nameof(PrivateKeyPath)]);
        }
        else if (!IsRsaKey(PrivateKey ?? File.ReadAllText(PrivateKeyPath!)))
        {
            yield return new ValidationResult("the private key is not an RSA private key in PEM", [PrivateKey is null ? nameof(PrivateKeyPath) : nameof(PrivateKey)]);
        }
    }

    static bool IsRsaKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
