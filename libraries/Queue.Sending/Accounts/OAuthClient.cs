namespace Queue.Sending.Accounts;

/// <summary>
/// Resolved <see cref="OAuthOptions"/>: how to obtain an access token for one mailbox (<paramref name="Subject"/>,
/// which is also the SMTP login). Equal clients share tokens and connections. Its text names no secret.
/// </summary>
public sealed record OAuthClient(
    OAuthFlow Flow, OAuthMechanism Mechanism, Uri? TokenEndpoint, string? ClientId, string? ClientSecret,
    string? CertificatePath, string? CertificatePassword, string? ServiceAccountKeyPath, string Scope, string Subject)
{
    public static OAuthClient From(OAuthOptions options, string subject) => new(
        options.Flow, options.Mechanism, options.TokenEndpoint, Blank(options.ClientId), Blank(options.ClientSecret),
        Blank(options.CertificatePath), Blank(options.CertificatePassword), Blank(options.ServiceAccountKeyPath), options.Scope, subject);

    public override string ToString() => $"OAuth {Flow} {Mechanism} for {Subject}";

    static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
