namespace Queue.Sending.Accounts;

/// <summary>Where and as whom one account's mail is submitted. Equal routes share connections.</summary>
/// <param name="Timeouts">How long each phase of a submission may take.</param>
/// <param name="TrustedCertificatePath">A CA (or the server's own certificate) trusted for this route besides the system's.</param>
/// <param name="UseChunking">BDAT when the server offers CHUNKING and PIPELINING; false keeps DATA for a relay that gets BDAT wrong.</param>
public sealed record SmtpRoute(
    string Host, int Port, SmtpSecurity Security, SmtpCredentials? Credentials, SmtpTimeouts Timeouts, int MaxConnections,
    string? TrustedCertificatePath = null, bool UseChunking = true)
{
    public override string ToString() => $"{Host}:{Port} ({Security}{(Credentials is null ? "" : $", as {Credentials.UserName}")})";
}
