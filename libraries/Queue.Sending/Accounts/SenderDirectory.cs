using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Queue.Sending.Accounts;

/// <summary>The configured sender accounts, looked up by address (case-insensitive); follows changes of the shared settings.</summary>
public sealed class SenderDirectory
{
    FrozenDictionary<string, SenderAccount> accounts;

    public SenderDirectory(IOptionsMonitor<MailOptions> options)
    {
        accounts = Build(options.CurrentValue);
        options.OnChange(mail => Volatile.Write(ref accounts, Build(mail)));
    }

    public IReadOnlyCollection<SenderAccount> All => Volatile.Read(ref accounts).Values;

    public bool TryGet(string address, out SenderAccount account) => Volatile.Read(ref accounts).TryGetValue(address, out account!);

    static FrozenDictionary<string, SenderAccount> Build(MailOptions mail) =>
        mail.Senders
            .Select(s => new SenderAccount(s.Address.Trim().ToLowerInvariant(), s.DisplayName, Resolve(s, mail.Smtp)))
            .ToFrozenDictionary(a => a.Address, StringComparer.OrdinalIgnoreCase);

    static SmtpRoute Resolve(SenderAccountOptions sender, SmtpEndpointOptions relay)
    {
        var endpoint = sender.Smtp ?? relay;
        var userName = sender.SmtpUserName ?? endpoint.UserName;
        var password = sender.SmtpPassword ?? endpoint.Password;
        var credentials = endpoint.OAuth is { } oauth
            ? OAuthCredentials(oauth, sender.SmtpUserName ?? sender.Smtp?.UserName ?? sender.Address.Trim().ToLowerInvariant())
            : string.IsNullOrEmpty(userName) ? null : new SmtpCredentials(userName, password ?? "");
        return new SmtpRoute(endpoint.Host, endpoint.Port, endpoint.Security, credentials,
            endpoint.Timeouts(), endpoint.MaxConnections,
            string.IsNullOrEmpty(endpoint.TrustedCertificatePath) ? null : endpoint.TrustedCertificatePath, endpoint.UseChunking);
    }

    /// <summary>With OAuth the login is the mailbox itself: the account's address unless it names another.</summary>
    static SmtpCredentials OAuthCredentials(OAuthOptions oauth, string mailbox) => new(mailbox, OAuthClient.From(oauth, mailbox));
}
