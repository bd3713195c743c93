namespace Queue.Sending.Accounts;

/// <summary>
/// Who logs in to an SMTP server: a user name with a password (PLAIN or LOGIN), or with an OAuth 2.0 client that
/// obtains access tokens (XOAUTH2 or OAUTHBEARER). Not a record, so no secret reaches a log through ToString.
/// </summary>
public sealed class SmtpCredentials : IEquatable<SmtpCredentials>
{
    public SmtpCredentials(string userName, string password)
    {
        UserName = userName;
        Password = password;
    }

    public SmtpCredentials(string userName, OAuthClient oauth)
    {
        UserName = userName;
        OAuth = oauth;
    }

    public string UserName { get; }

    public string? Password { get; }

    public OAuthClient? OAuth { get; }

    public bool Equals(SmtpCredentials? other) =>
        other is not null && other.UserName == UserName && other.Password == Password && Equals(other.OAuth, OAuth);

    public override bool Equals(object? obj) => Equals(obj as SmtpCredentials);

    public override int GetHashCode() => HashCode.Combine(UserName, Password, OAuth);

    public override string ToString() => OAuth is null ? $"{UserName} (password hidden)" : $"{UserName} ({OAuth})";
}
