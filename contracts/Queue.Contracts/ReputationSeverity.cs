using System.Text.Json.Serialization;

namespace Queue.Contracts;

/// <summary>How much a blocklist matters to delivery.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReputationSeverity>))]
public enum ReputationSeverity
{
    /// <summary>Shown to ops, never acted on (e.g. UCEPROTECT level 1).</summary>
    Information = 0,

    /// <summary>Hurts some deliveries (e.g. Spamhaus PBL, Mailspike, PSBL): ops are warned.</summary>
    Medium = 1,

    /// <summary>Major receivers refuse mail (e.g. Spamhaus SBL/XBL/DBL, Barracuda, SpamCop): the dispatcher acts.</summary>
    High = 2,
}
