namespace Queue.Sending.Accounts;

/// <summary>A configured sender account with its SMTP route resolved.</summary>
public sealed record SenderAccount(string Address, string? DisplayName, SmtpRoute Route)
{
    public string Domain => Address[(Address.IndexOf('@') + 1)..];
}
