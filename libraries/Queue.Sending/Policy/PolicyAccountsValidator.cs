using Microsoft.Extensions.Options;
using Queue.Sending.Accounts;

namespace Queue.Sending.Policy;

/// <summary>The accounts the policy routes mail through must be configured senders in an allowed domain.</summary>
public sealed class PolicyAccountsValidator(IOptionsMonitor<MailOptions> mail) : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        var failures = Check(options, mail.CurrentValue);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Also run on a candidate change of the shared settings, against the sender accounts it brings.</summary>
    public static IReadOnlyList<string> Check(PolicyOptions options, MailOptions mail)
    {
        var senders = mail.Senders.Select(s => s.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        foreach (var (setting, accounts) in new[] { ("CommunicationsOffice", options.CommunicationsOffice), ("SecretariatAccounts", options.SecretariatAccounts) })
        {
            for (var i = 0; i < accounts.Count; i++)
            {
                if (!senders.Contains(accounts[i]))
                {
                    failures.Add($"setting '{PolicyOptions.Section}:{setting}:{i}' is invalid: {accounts[i]} is not one of the sender accounts in Mail:Senders");
                }
            }
        }

        for (var i = 0; i < mail.Senders.Count; i++)
        {
            var domain = mail.Senders[i].Address.Split('@').Last();
            if (!options.AllowedDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"setting 'Mail:Senders:{i}:Address' is invalid: {domain} is not an institutional domain in {PolicyOptions.Section}:AllowedDomains");
            }
        }

        return failures;
    }
}
