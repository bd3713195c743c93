using System.ComponentModel.DataAnnotations;

namespace Queue.ReputationMonitor.Options;

/// <summary>Section <c>Blocklists</c>: the zones and when an answer becomes a confirmed listing.</summary>
public sealed class BlocklistOptions
{
    public const string Section = "Blocklists";

    /// <summary>The zones; the shipped ones are in appsettings.json and documented in the README.</summary>
    [MinLength(1, ErrorMessage = "configure at least one zone")]
    public List<ZoneOptions> Zones { get; set; } = [];

    /// <summary>
    /// A Spamhaus Data Query Service key: zones with a <c>DqsZone</c> are then asked as <c>key.DqsZone</c>, which works
    /// from any resolver. Set it from the environment; it never appears in logs, metrics or events.
    /// </summary>
    [RegularExpression("^[a-z0-9]{8,64}$", ErrorMessage = "a DQS key is lowercase letters and digits")]
    public string? SpamhausDqsKey { get; set; }

    /// <summary>Consecutive lookups that must list a target before the listing is confirmed.</summary>
    [Range(1, 10)]
    public int HitsToConfirm { get; set; } = 2;

    /// <summary>Consecutive clean lookups before a confirmed listing is cleared.</summary>
    [Range(1, 20)]
    public int MissesToClear { get; set; } = 3;

    /// <summary>
    /// The "more than half flipped at once" rule applies to zones with at least this many targets; with fewer, one
    /// real listing would always look like half the zone, and the test entries guard those zones instead.
    /// </summary>
    [Range(2, 10000)]
    public int SuspectMinTargets { get; set; } = 3;
}
