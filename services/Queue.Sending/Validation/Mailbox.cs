using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Queue.Contracts;

namespace Queue.Sending.Validation;

/// <summary>An address with an optional display name; the domain is always in ASCII (IDN A-labels).</summary>
public sealed partial record Mailbox(string Address, string? DisplayName)
{
    const int MaxAddressLength = 254;
    const int MaxLocalPartLength = 64;
    static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public string Domain => Address[(Address.LastIndexOf('@') + 1)..];

    public override string ToString() => DisplayName is null ? Address : $"{DisplayName} <{Address}>";

    /// <summary>An address that validation already accepted; anything else is a bug in the caller.</summary>
    public static Mailbox Parse(string address) =>
        TryParse(address, out var mailbox, out var error)
            ? mailbox
            : throw new ArgumentException($"only a validated request has this address: {error.Message}", nameof(address));

    /// <summary>
    /// Parses one RFC 5322 mailbox (<c>Name &lt;user@domain&gt;</c> or <c>user@domain</c>). On failure returns
    /// the rule that refused it and why. Local parts must be ASCII: SMTPUTF8 is not supported end to end.
    /// </summary>
    public static bool TryParse(string? input, out Mailbox mailbox, out (string Rule, string Message) error)
    {
        mailbox = null!;
        error = default;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = (RuleNames.AddressInvalid, "is empty");
            return false;
        }

        if (TextRules.FindControlCharacter(input) is { } bad)
        {
            error = (RuleNames.HeaderInjection, $"contains the control character U+{(int)bad:X4} (CR/LF would inject headers)");
            return false;
        }

        if (ParseSingle(input.Trim()) is not { } parsed)
        {
            error = (RuleNames.AddressInvalid, $"'{Shorten(input)}' is not one e-mail address (expected user@domain or Name <user@domain>, one per entry)");
            return false;
        }

        var local = parsed.User;
        if (!local.All(char.IsAscii))
        {
            error = (RuleNames.AddressInternationalised, $"'{Shorten(input)}' has a non-ASCII local part; SMTPUTF8 addresses are not supported");
            return false;
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(parsed.Host.TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = (RuleNames.AddressInvalid, $"'{Shorten(input)}' has an invalid domain");
            return false;
        }

        if (!DomainPattern().IsMatch(domain))
        {
            error = (RuleNames.AddressInvalid, $"'{Shorten(input)}' needs a fully qualified domain name (no IP literals, no single labels)");
            return false;
        }

        if (local.Length > MaxLocalPartLength || local.Length + 1 + domain.Length > MaxAddressLength)
        {
            error = (RuleNames.AddressInvalid, $"'{Shorten(input)}' is longer than RFC 5321 allows");
            return false;
        }

        var displayName = string.IsNullOrWhiteSpace(parsed.DisplayName) ? null : parsed.DisplayName.Trim();
        mailbox = new Mailbox($"{local}@{domain}", displayName);
        return true;
    }

    /// <summary>MailAddress alone takes the first of "a@x, b@y"; the collection parser sees both.</summary>
    static MailAddress? ParseSingle(string input)
    {
        var addresses = new MailAddressCollection();
        try
        {
            addresses.Add(input);
        }
        catch (FormatException)
        {
            return null;
        }

        return addresses.Count == 1 ? addresses[0] : null;
    }

    static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainPattern();
}
