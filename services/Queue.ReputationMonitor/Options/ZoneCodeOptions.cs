using System.ComponentModel.DataAnnotations;
using Queue.Contracts;

namespace Queue.ReputationMonitor.Options;

/// <summary>An answer that means listed. In a bitmask zone the last octet is the list's bit, e.g. 127.0.0.8.</summary>
public sealed class ZoneCodeOptions
{
    [Required]
    public string Code { get; set; } = "";

    /// <summary>The list the code stands for, e.g. <c>Spamhaus SBL</c>.</summary>
    [Required]
    public string List { get; set; } = "";

    /// <summary>Overrides the zone's severity for this code (e.g. Spamhaus PBL is only Medium).</summary>
    public ReputationSeverity? Severity { get; set; }
}
