using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Queue.ReputationMonitor.Options;

/// <summary>Section <c>Dns</c>: the recursive resolver the monitor asks.</summary>
public sealed class ResolverOptions : IValidatableObject
{
    public const string Section = "Dns";

    /// <summary>
    /// Resolvers as <c>address</c> or <c>address:port</c> (<c>[v6]:port</c>), tried in turn. Empty: the first
    /// <c>nameserver</c> of <see cref="ResolvConfPath"/>. Spamhaus refuses public resolvers: use a local one.
    /// </summary>
    public List<string> Servers { get; set; } = [];

    [Required]
    public string ResolvConfPath { get; set; } = "/etc/resolv.conf";

    /// <summary>How long one attempt waits for an answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per lookup, spread over the servers in turn.</summary>
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;

    /// <summary>EDNS0 UDP payload announced; 512 or less (0) sends no EDNS, so answers over 512 bytes come back truncated (then TCP).</summary>
    [Range(0, 4096)]
    public int EdnsPayloadSize { get; set; } = 1232;

    /// <summary>Answers are cached for their TTL, but never longer than this.</summary>
    public TimeSpan MaxCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(Timeout)]);
        }

        for (var i = 0; i < Servers.Count; i++)
        {
            if (ParseServer(Servers[i]) is null)
            {
                yield return new ValidationResult($"'{Servers[i]}' is not an address or address:port", [$"{nameof(Servers)}:{i}"]);
            }
        }
    }

    /// <summary>An address alone means port 53; IPv6 with a port needs brackets.</summary>
    public static IPEndPoint? ParseServer(string value)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            return new IPEndPoint(address, 53);
        }

        return IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port != 0 ? endpoint : null;
    }
}
