namespace Queue.Operations;

/// <summary>One account's use of every limit that applies to it, with the caps in force (its own limits, ramps, throttle).</summary>
/// <param name="Warmup">The account's ramp while it runs: "warm-up day N of M, cap today X".</param>
/// <param name="DomainWarmup">The whole domain's ramp while it runs.</param>
/// <param name="SettingsVersion">The shared settings version these caps come from.</param>
public sealed record AccountQuota(
    string Account, DateTimeOffset? NextAllowedAt, IReadOnlyList<LimitUsage> Limits,
    WarmupView? Warmup = null, WarmupView? DomainWarmup = null, long SettingsVersion = 0);
