using Microsoft.Extensions.Options;
using Queue.Sending.Accounts;

namespace Queue.Sending.Transport;

/// <summary>
/// Every sender account has a server to submit to: the relay <c>Mail:Smtp</c>, or one of its own. Checked only where
/// the SMTP transport is registered, so the gateway, which judges requests but never sends, needs no SMTP settings.
/// </summary>
public sealed class SmtpRoutesValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var failures = new List<string>();
        if (options.Senders.Any(s => s.Smtp is null) && string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            failures.Add($"setting '{MailOptions.Section}:{nameof(MailOptions.Smtp)}:{nameof(SmtpEndpointOptions.Host)}' is invalid: required, "
                + "the relay the sender accounts without a server of their own submit to (e.g. smtp.gmail.com, smtp.office365.com)");
        }

        for (var i = 0; i < options.Senders.Count; i++)
        {
            if (options.Senders[i].Smtp is { } own && string.IsNullOrWhiteSpace(own.Host))
            {
                failures.Add($"setting '{MailOptions.Section}:{nameof(MailOptions.Senders)}:{i}:{nameof(SenderAccountOptions.Smtp)}:{nameof(SmtpEndpointOptions.Host)}' "
                    + $"is invalid: required, {options.Senders[i].Address} has a server of its own without a host");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
