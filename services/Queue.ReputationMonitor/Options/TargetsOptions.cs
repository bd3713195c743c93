using System.ComponentModel.DataAnnotations;
using System.Net;
using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Options;

/// <summary>Section <c>Targets</c>: what is looked up on the blocklists and checked for DNS authentication.</summary>
public sealed class TargetsOptions : IValidatableObject
{
    public const string Section = "Targets";

    /// <summary>The public addresses mail leaves from, as receivers see them (IPv4 or IPv6).</summary>
    public List<string> SendingIps { get; set; } = [];

    /// <summary>The mail domains (From domains), e.g. <c>pasto.gov.co</c>.</summary>
    public List<string> Domains { get; set; } = [];

    /// <summary>DKIM selectors published under each domain, e.g. <c>google</c> for Google Workspace.</summary>
    public List<string> DkimSelectors { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SendingIps.Count == 0 && Domains.Count == 0)
        {
            yield return new ValidationResult("configure at least one sending IP or mail domain", [nameof(SendingIps)]);
        }

        for (var i = 0; i < SendingIps.Count; i++)
        {
            if (!IPAddress.TryParse(SendingIps[i], out _))
            {
                yield return new ValidationResult($"'{SendingIps[i]}' is not an IP address", [$"{nameof(SendingIps)}:{i}"]);
            }
        }

        for (var i = 0; i < Domains.Count; i++)
        {
            if (!DnsName.IsHostName(Domains[i]))
            {
                yield return new ValidationResult($"'{Domains[i]}' is not a domain name", [$"{nameof(Domains)}:{i}"]);
            }
        }

        for (var i = 0; i < DkimSelectors.Count; i++)
        {
            if (!DnsName.IsHostName(DkimSelectors[i], requireDot: false))
            {
                yield return new ValidationResult($"'{DkimSelectors[i]}' is not a DKIM selector", [$"{nameof(DkimSelectors)}:{i}"]);
            }
        }
    }
}
