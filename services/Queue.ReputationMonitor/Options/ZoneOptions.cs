using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Queue.Contracts;
using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Options;

/// <summary>One DNS blocklist zone: what it is asked about, which answers mean listed and which mean an error.</summary>
public sealed class ZoneOptions : IValidatableObject
{
    /// <summary>The public zone name, e.g. <c>zen.spamhaus.org</c>.</summary>
    [Required]
    public string Zone { get; set; } = "";

    /// <summary>Off keeps a shipped zone in the file but never asks it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>What the zone lists: IPv4 addresses, IPv6 addresses (nibble form) or domains.</summary>
    public ReputationTargetKind Kind { get; set; }

    public ReputationSeverity Severity { get; set; } = ReputationSeverity.Medium;

    public AnswerFormat Answers { get; set; } = AnswerFormat.Exact;

    [MinLength(1, ErrorMessage = "give at least one code that means listed")]
    public List<ZoneCodeOptions> Codes { get; set; } = [];

    public List<ZoneErrorCodeOptions> ErrorCodes { get; set; } = [];

    /// <summary>Where ops ask for removal.</summary>
    public string? DelistUrl { get; set; }

    /// <summary>RFC 5782 entry that must be listed; default 127.0.0.2, ::ffff:127.0.0.2 or <c>test</c> by kind.</summary>
    public string? TestListed { get; set; }

    /// <summary>RFC 5782 entry that must not be listed; default 127.0.0.1, ::ffff:127.0.0.1 or <c>invalid</c>.</summary>
    public string? TestNotListed { get; set; }

    /// <summary>Spamhaus Data Query Service zone (e.g. <c>zen.dq.spamhaus.net</c>), used with Blocklists:SpamhausDqsKey.</summary>
    public string? DqsZone { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!DnsName.IsHostName(Zone))
        {
            yield return new ValidationResult($"'{Zone}' is not a zone name", [nameof(Zone)]);
        }

        if (DqsZone is not null && !DnsName.IsHostName(DqsZone))
        {
            yield return new ValidationResult($"'{DqsZone}' is not a zone name", [nameof(DqsZone)]);
        }

        if (DelistUrl is not null && !Uri.TryCreate(DelistUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("must be an absolute URL", [nameof(DelistUrl)]);
        }

        for (var i = 0; i < Codes.Count; i++)
        {
            if (CodeProblem(Codes[i].Code) is { } problem)
            {
                yield return new ValidationResult(problem, [$"{nameof(Codes)}:{i}:Code"]);
            }
        }

        for (var i = 0; i < ErrorCodes.Count; i++)
        {
            if (!IPAddress.TryParse(ErrorCodes[i].Code, out var error) || error.AddressFamily != AddressFamily.InterNetwork)
            {
                yield return new ValidationResult($"'{ErrorCodes[i].Code}' is not an IPv4 address", [$"{nameof(ErrorCodes)}:{i}:Code"]);
            }
        }

        foreach (var (name, value) in new[] { (nameof(TestListed), TestListed), (nameof(TestNotListed), TestNotListed) })
        {
            if (value is not null && !TestEntryFits(value))
            {
                yield return new ValidationResult($"'{value}' is not a {Kind} test entry", [name]);
            }
        }
    }

    /// <summary>Only 127.0.0.0/8 answers can be codes (RFC 5782); a bitmask code is one bit in 127.0.0.x.</summary>
    string? CodeProblem(string code)
    {
        if (!IPAddress.TryParse(code, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return $"'{code}' is not an IPv4 address";
        }

        var bytes = address.GetAddressBytes();
        if (bytes[0] != 127)
        {
            return $"'{code}' is outside 127.0.0.0/8";
        }

        return Answers == AnswerFormat.Bitmask && (bytes[1] != 0 || bytes[2] != 0 || !int.IsPow2(bytes[3]))
            ? $"'{code}' is not one bit in 127.0.0.x"
            : null;
    }

    bool TestEntryFits(string value) => Kind switch
    {
        ReputationTargetKind.IPv4 => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork,
        ReputationTargetKind.IPv6 => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
        _ => DnsName.IsHostName(value, requireDot: false),
    };
}
