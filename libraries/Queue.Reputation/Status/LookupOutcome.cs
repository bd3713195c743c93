using System.Text.Json.Serialization;

namespace Queue.Reputation.Status;

/// <summary>What one blocklist lookup said. Only <see cref="Listed"/> ever counts towards a listing.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LookupOutcome>))]
public enum LookupOutcome
{
    /// <summary>An answer in 127.0.0.0/8 with a code the zone documents as a listing.</summary>
    Listed,

    /// <summary>NXDOMAIN, or no address record at all.</summary>
    NotListed,

    /// <summary>A code the zone documents as an error (blocked resolver, zone typo, too many queries).</summary>
    ErrorCode,

    /// <summary>An address the zone does not document, or one outside 127.0.0.0/8 (a hijacking resolver).</summary>
    InvalidAnswer,

    /// <summary>SERVFAIL, REFUSED or another DNS failure, or a network error.</summary>
    DnsError,

    /// <summary>No answer within the time allowed.</summary>
    Timeout,
}
