using System.ComponentModel.DataAnnotations;
using System.Net;
using Queue.Configuration;

namespace Queue.Sending.Accounts;

/// <summary>Section <c>Mail</c>: the accounts Queue sends from and the relay it submits to.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    [MinLength(1, ErrorMessage = "configure at least one sender account")]
    public List<SenderAccountOptions> Senders { get; set; } = [];

    [Required]
    public SmtpEndpointOptions Smtp { get; set; } = new();

    /// <summary>DKIM signing per sender domain; none by default.</summary>
    public List<DkimOptions> Dkim { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var duplicates = Senders.GroupBy(s => s.Address, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1);
        foreach (var duplicate in duplicates)
        {
            yield return new ValidationResult($"sender account {duplicate.Key} is configured twice", [nameof(Senders)]);
        }

        foreach (var duplicate in Dkim.GroupBy(d => d.Domain, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"DKIM for {duplicate.Key} is configured twice", [nameof(Dkim)]);
        }
    }

    /// <summary>
    /// Plain text is for a development sink on this machine: toward anything else it exposes the mail, and with
    /// AUTH the account's password, to whoever is on the path.
    /// </summary>
    public IEnumerable<UnsafeSetting> UnsafeOutsideDevelopment()
    {
        foreach (var problem in PlainText(Smtp, nameof(Smtp), Credentials(Smtp, $"{Section}:{nameof(Smtp)}")))
        {
            yield return problem;
        }

        for (var i = 0; i < Senders.Count; i++)
        {
            var sender = Senders[i];
            var own = sender.Smtp is not null;
            var endpoint = sender.Smtp ?? Smtp;
            var credentials = sender.SmtpUserName is { Length: > 0 } ? $"{Section}:{nameof(Senders)}:{i}:{nameof(sender.SmtpUserName)}"
                : own ? Credentials(endpoint, $"{Section}:{nameof(Senders)}:{i}:{nameof(Smtp)}")
                : null;
            var path = own ? $"{nameof(Senders)}:{i}:{nameof(Smtp)}" : nameof(Smtp);
            foreach (var problem in PlainText(endpoint, path, credentials, checkHost: own))
            {
                yield return problem;
            }
        }
    }

    static IEnumerable<UnsafeSetting> PlainText(SmtpEndpointOptions endpoint, string path, string? credentials, bool checkHost = true)
    {
        if (endpoint.Security != SmtpSecurity.None)
        {
            yield break;
        }

        if (checkHost && !IsLoopback(endpoint.Host))
        {
            yield return new UnsafeSetting($"{path}:{nameof(endpoint.Security)}",
                $"None sends mail in plain text to {endpoint.Host}, which is not this machine; use StartTls (the relay's submission port, 587), "
                + "or run with ASPNETCORE_ENVIRONMENT=Development for a local sink");
        }

        if (credentials is not null)
        {
            yield return new UnsafeSetting($"{path}:{nameof(endpoint.Security)}",
                $"None with AUTH credentials ({credentials}) sends the account's password in plain text; use StartTls");
        }
    }

    /// <summary>The setting that makes a route authenticate (password or OAuth), if any.</summary>
    static string? Credentials(SmtpEndpointOptions endpoint, string path) =>
        endpoint.UserName is { Length: > 0 } ? $"{path}:{nameof(endpoint.UserName)}" : endpoint.OAuth is not null ? $"{path}:{nameof(endpoint.OAuth)}" : null;

    static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
