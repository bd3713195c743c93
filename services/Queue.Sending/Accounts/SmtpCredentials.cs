namespace Queue.Sending.Accounts;

/// <summary>A user name and password. Not a record, so the password never reaches a log through ToString.</summary>
public sealed class SmtpCredentials(string userName, string password) : IEquatable<SmtpCredentials>
{
    public string UserName { get; } = userName;

    public string Password { get; } = password;

    public bool Equals(SmtpCredentials? other) => other is not null && other.UserName == UserName && other.Password == Password;

    public override bool Equals(object? obj) => Equals(obj as SmtpCredentials);

    public override int GetHashCode() => HashCode.Combine(UserName, Password);

    public override string ToString() => $"{UserName} (password hidden)";
}
