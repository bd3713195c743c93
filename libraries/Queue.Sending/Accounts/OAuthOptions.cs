using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Accounts;

/// <summary>
/// OAuth 2.0 login to an SMTP server (<c>Mail:Smtp:OAuth</c> or an account's <c>Mail:Senders:N:Smtp:OAuth</c>):
/// where the access token comes from. Secrets come from the environment or a secret store and are never logged.
/// </summary>
public sealed class OAuthOptions : IValidatableObject
{
    public OAuthFlow Flow { get; set; } = OAuthFlow.ClientCredentials;

    public OAuthMechanism Mechanism { get; set; } = OAuthMechanism.XOAuth2;

    /// <summary>
    /// The token endpoint, e.g. <c>https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token</c>; for a Google
    /// service account the key file's <c>token_uri</c> when not set.
    /// </summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The application (client) id; for a Google service account its <c>client_email</c> when not set.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (client credentials only); or <see cref="CertificatePath"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A certificate with its private key (PFX, or PEM with the key in the same file) that signs a client assertion.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of a PFX <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A Google service account's JSON key file (<c>client_email</c>, <c>private_key</c>, <c>token_uri</c>).</summary>
    public string? ServiceAccountKeyPath { get; set; }

    /// <summary>
    /// What the token is for: Microsoft 365 <c>https://outlook.office365.com/.default</c>, Google
    /// <c>https://mail.google.com/</c>.
    /// </summary>
    public string Scope { get; set; } = "";

    // Every rule is here rather than in attributes: a failed attribute would hide the others from the operator.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Scope))
        {
            yield return new ValidationResult(
                "the scope of the access token is required, e.g. https://outlook.office365.com/.default or https://mail.google.com/", [nameof(Scope)]);
        }

        // The client secret or assertion travels to it: plain http only to a token endpoint on this machine.
        if (TokenEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || !(endpoint.Scheme == "https" || (endpoint.Scheme == "http" && endpoint.IsLoopback))))
        {
            yield return new ValidationResult("the token endpoint must be an absolute https URL", [nameof(TokenEndpoint)]);
        }

        if (Flow == OAuthFlow.ClientCredentials)
        {
            if (TokenEndpoint is null)
            {
                yield return new ValidationResult("the token endpoint is required for the client credentials flow", [nameof(TokenEndpoint)]);
            }

            if (string.IsNullOrWhiteSpace(ClientId))
            {
                yield return new ValidationResult("the client id is required for the client credentials flow", [nameof(ClientId)]);
            }

            if (string.IsNullOrEmpty(ClientSecret) == string.IsNullOrEmpty(CertificatePath))
            {
                yield return new ValidationResult("set either a client secret or a certificate, not both, not neither", [nameof(ClientSecret)]);
            }
        }
        else if (string.IsNullOrEmpty(ServiceAccountKeyPath))
        {
            yield return new ValidationResult("a Google service account needs its JSON key file", [nameof(ServiceAccountKeyPath)]);
        }

        foreach (var (path, name) in new[] { (CertificatePath, nameof(CertificatePath)), (ServiceAccountKeyPath, nameof(ServiceAccountKeyPath)) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                yield return new ValidationResult($"the file {path} does not exist", [name]);
            }
        }
    }
}
