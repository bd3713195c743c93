namespace Queue.Sending.Accounts;

/// <summary>Where and as whom one account's mail is submitted. Equal routes share connections.</summary>
public sealed record SmtpRoute(string Host, int Port, SmtpSecurity Security, SmtpCredentials? Credentials, TimeSpan Timeout, int MaxConnections)
{
    public override string ToString() => $"{Host}:{Port} ({Security}{(Credentials is null ? "" : $", as {Credentials.UserName}")})";
}
