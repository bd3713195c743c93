using System.Text.RegularExpressions;

namespace Queue.Sending.Validation;

/// <summary>
/// The one rule for what Queue puts between the angle brackets of <c>MAIL FROM</c> and <c>RCPT TO</c>: an RFC 5321
/// Mailbox restricted to a dot-string local part (no quoted strings) and a fully qualified domain name in ASCII
/// (IDN A-labels; no address literals, no single labels, no numeric top-level label, no trailing dot). Validation
/// builds every accepted address through it and the transport checks it again before a command is written, so
/// nothing validation accepted can fail in the transport and nothing else can reach the wire.
/// </summary>
public static partial class SmtpPath
{
    /// <summary>RFC 5321 section 4.5.3.1.1.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>RFC 5321's 256-octet path less its two angle brackets (errata 1690).</summary>
    public const int MaxLength = 254;

    public static bool IsValid(string? address)
    {
        if (address is null || address.Length > MaxLength)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        return at > 0 && IsLocalPart(address[..at]) && IsDomain(address[(at + 1)..]);
    }

    /// <summary>A dot-string: atoms of RFC 5322 atext joined by single dots, at most 64 characters.</summary>
    public static bool IsLocalPart(string localPart) => localPart.Length <= MaxLocalPartLength && DotString().IsMatch(localPart);

    /// <summary>A fully qualified domain name in lower-case ASCII (LDH labels, at least two, the last not numeric).</summary>
    public static bool IsDomain(string domain) => DomainName().IsMatch(domain);

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\z")]
    private static partial Regex DotString();

    [GeneratedRegex(@"^(?=.{1,253}\z)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex DomainName();
}
