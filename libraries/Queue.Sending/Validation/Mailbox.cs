using System.Globalization;
using System.Text;
using Queue.Contracts;

namespace Queue.Sending.Validation;

/// <summary>An address with an optional display name; the domain is always in ASCII (IDN A-labels).</summary>
public sealed record Mailbox(string Address, string? DisplayName)
{
    static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public string Domain => Address[(Address.LastIndexOf('@') + 1)..];

    public override string ToString() => DisplayName is null ? Address : $"{DisplayName} <{Address}>";

    /// <summary>An address that validation already accepted; anything else is a bug in the caller.</summary>
    public static Mailbox Parse(string address) =>
        TryParse(address, out var mailbox, out var error)
            ? mailbox
            : throw new ArgumentException($"only a validated request has this address: {error.Message}", nameof(address));

    /// <summary>
    /// Parses one entry that must be exactly one mailbox: <c>user@domain</c>, <c>&lt;user@domain&gt;</c> or
    /// <c>Name &lt;user@domain&gt;</c>, the name plain or in double quotes. Whatever does not fit is refused, never
    /// read as some other mailbox: no comments, no quoted or spaced local parts, no address literals, no
    /// encoded-words, no '@', '&lt;' or '&gt;' in the name. The address itself is what <see cref="SmtpPath"/>
    /// allows; local parts must be ASCII (SMTPUTF8 is not supported end to end). On failure returns the rule that
    /// refused it and why.
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

        var entry = input.Trim(' ', '\t');
        string? problem;
        string? displayName = null;
        string addrSpec;
        var open = entry.IndexOf('<');
        if (open < 0 && entry.IndexOf('>') < 0)
        {
            addrSpec = entry;
        }
        else if (open < 0 || !entry.EndsWith('>') || entry.IndexOf('<', open + 1) >= 0 || entry.IndexOf('>') != entry.Length - 1)
        {
            return Fail(out error, input, "must have one '<address>' at its end and no other '<' or '>'");
        }
        else
        {
            addrSpec = entry[(open + 1)..^1];
            if ((problem = ReadDisplayName(entry[..open].TrimEnd(' ', '\t'), out displayName)) is not null)
            {
                return Fail(out error, input, problem);
            }
        }

        var at = addrSpec.IndexOf('@');
        if (at < 0 || at != addrSpec.LastIndexOf('@'))
        {
            return Fail(out error, input, at < 0 ? "has no '@'" : "has more than one '@' (quoted local parts are not accepted)");
        }

        var local = addrSpec[..at];
        if (!local.All(char.IsAscii))
        {
            error = (RuleNames.AddressInternationalised, $"'{Shorten(input)}' has a non-ASCII local part; SMTPUTF8 addresses are not supported");
            return false;
        }

        if (!SmtpPath.IsLocalPart(local))
        {
            return Fail(out error, input, local.Length > SmtpPath.MaxLocalPartLength
                ? "has a local part longer than the 64 characters RFC 5321 allows"
                : "has a local part that is not letters, digits and !#$%&'*+/=?^_`{|}~- in dot-separated words (no spaces, quotes, comments, leading, trailing or doubled dots)");
        }

        if ((problem = ToAsciiDomain(addrSpec[(at + 1)..], out var domain)) is not null)
        {
            return Fail(out error, input, problem);
        }

        var address = $"{local}@{domain}";
        if (!SmtpPath.IsValid(address))
        {
            return Fail(out error, input, $"is longer than the {SmtpPath.MaxLength} characters RFC 5321 allows");
        }

        mailbox = new Mailbox(address, displayName);
        return true;
    }

    /// <summary>A plain phrase or one quoted-string; null when it is acceptable, else why not.</summary>
    static string? ReadDisplayName(string text, out string? name)
    {
        name = null;
        if (text.Length == 0)
        {
            return null;
        }

        string value;
        if (text[0] == '"')
        {
            var unquoted = new StringBuilder();
            var i = 1;
            for (; i < text.Length && text[i] != '"'; i++)
            {
                if (text[i] == '\\' && ++i == text.Length)
                {
                    break;
                }

                unquoted.Append(text[i]);
            }

            if (i != text.Length - 1)
            {
                return "has a display name that is not one quoted string followed by '<address>'";
            }

            value = unquoted.ToString();
        }
        else if (text.IndexOfAny(PhraseSpecials) >= 0)
        {
            return "has a display name with one of ()[]:;@\\,\" outside double quotes";
        }
        else
        {
            value = text;
        }

        // The name is shown where an address is expected: one that looks like an address, or that a mail reader
        // would decode into something else, misleads the reader about who wrote or receives the message.
        if (value.IndexOfAny(['@', '<', '>']) >= 0)
        {
            return "has a display name with '@', '<' or '>' (it would read as another address)";
        }

        if (value.Contains("=?", StringComparison.Ordinal))
        {
            return "has an RFC 2047 encoded-word in its display name (write the name as plain text; Queue encodes it)";
        }

        if (TextRules.HasUnpairedSurrogate(value))
        {
            return "has a display name that is not valid Unicode";
        }

        name = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return null;
    }

    static readonly char[] PhraseSpecials = ['(', ')', '[', ']', ':', ';', '@', '\\', ',', '"'];

    /// <summary>The domain in lower-case A-labels; null when it is acceptable, else why not.</summary>
    static string? ToAsciiDomain(string domain, out string ascii)
    {
        ascii = "";
        if (domain.StartsWith('[') || domain.EndsWith('.'))
        {
            return domain.StartsWith('[')
                ? "has an address literal as domain; a fully qualified domain name is required"
                : "has a domain ending in a dot";
        }

        if (!domain.All(char.IsAscii) && domain.Split('.').Any(MixesScripts))
        {
            return "has a domain label mixing Latin with Greek or Cyrillic letters (a look-alike of another domain)";
        }

        try
        {
            ascii = Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return "has an invalid domain";
        }

        return SmtpPath.IsDomain(ascii) ? null : "needs a fully qualified domain name (no IP literals, no single labels, no numeric top-level label)";
    }

    /// <summary>
    /// A label such as <c>pаsto</c> with a Cyrillic 'а' is a different domain that reads as ours; a label in one
    /// script (Latin with accents, or Cyrillic, or Greek) is not suspicious.
    /// </summary>
    static bool MixesScripts(string label)
    {
        bool latin = false, greek = false, cyrillic = false;
        foreach (var c in label)
        {
            latin |= c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '\u00C0' and <= '\u024F');
            greek |= c is >= '\u0370' and <= '\u03FF';
            cyrillic |= c is >= '\u0400' and <= '\u052F';
        }

        return (latin ? 1 : 0) + (greek ? 1 : 0) + (cyrillic ? 1 : 0) > 1;
    }

    static bool Fail(out (string Rule, string Message) error, string input, string why)
    {
        error = (RuleNames.AddressInvalid, $"'{Shorten(input)}' {why}: expected one address, user@domain or Name <user@domain>");
        return false;
    }

    static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
