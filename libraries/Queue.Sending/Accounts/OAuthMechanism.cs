namespace Queue.Sending.Accounts;

/// <summary>The SASL mechanism that carries the access token at AUTH.</summary>
public enum OAuthMechanism
{
    /// <summary>XOAUTH2, as Gmail and Exchange Online speak it.</summary>
    XOAuth2,

    /// <summary>OAUTHBEARER (RFC 7628).</summary>
    OAuthBearer,
}
