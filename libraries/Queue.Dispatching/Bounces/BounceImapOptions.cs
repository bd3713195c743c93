using System.ComponentModel.DataAnnotations;

namespace Queue.Dispatching.Bounces;

/// <summary>Section <c>Bounces:Imap</c>: the mailbox bounces and complaints come back to, read as a mail client would.</summary>
public sealed class BounceImapOptions : IValidatableObject
{
    /// <summary>The IMAP server; empty: no bounce mailbox is read.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 143;

    /// <summary>None (loopback only), StartTls or Tls (port 993).</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string Folder { get; set; } = "INBOX";

    /// <summary>Where reports that cannot be read or tied to a sent message are moved, with the reason recorded.</summary>
    public string UnprocessableFolder { get; set; } = "Queue.Unprocessable";

    /// <summary>The IMAP keyword set on each report once acted on.</summary>
    public string ProcessedKeyword { get; set; } = "$QueueProcessed";

    /// <summary>How often the mailbox is checked when the server offers no IDLE.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>IDLE is restarted this often (RFC 2177: servers may drop it after 30 minutes).</summary>
    public TimeSpan IdleRefresh { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>Wait before reconnecting after the server was unreachable.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(15);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(User) || string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("the bounce mailbox needs a user and a password (Bounces:Imap:User, Bounces:Imap:Password)", [string.IsNullOrWhiteSpace(User) ? nameof(User) : nameof(Password)]);
        }

        if (string.IsNullOrWhiteSpace(Folder) || string.IsNullOrWhiteSpace(UnprocessableFolder) || Folder == UnprocessableFolder)
        {
            yield return new ValidationResult("give the folder read and a different folder for unprocessable reports", [nameof(UnprocessableFolder)]);
        }

        if (string.IsNullOrWhiteSpace(ProcessedKeyword) || ProcessedKeyword.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '{' or '"' or '\\' or ']' or '%' or '*'))
        {
            yield return new ValidationResult("must be one IMAP keyword (an atom, e.g. $QueueProcessed)", [nameof(ProcessedKeyword)]);
        }

        foreach (var (name, value) in new[] { (nameof(PollInterval), PollInterval), (nameof(IdleRefresh), IdleRefresh), (nameof(ReconnectDelay), ReconnectDelay) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult("must be a positive time span", [name]);
            }
        }
    }
}
