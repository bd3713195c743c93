namespace Queue.Sending.Accounts;

/// <summary>How an access token for SMTP is obtained.</summary>
public enum OAuthFlow
{
    /// <summary>
    /// OAuth 2.0 client credentials (RFC 6749 §4.4) with a client secret or a certificate (a client assertion JWT,
    /// RFC 7523, as Microsoft Entra ID expects); one token serves every mailbox the application may send as.
    /// </summary>
    ClientCredentials,

    /// <summary>
    /// A Google service account with domain-wide delegation: a JWT bearer grant (RFC 7523 §2.1) signed with the
    /// service account's key, its <c>sub</c> the mailbox; one token per mailbox.
    /// </summary>
    GoogleServiceAccount,
}
