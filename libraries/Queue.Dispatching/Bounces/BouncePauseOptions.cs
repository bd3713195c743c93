using System.ComponentModel.DataAnnotations;

namespace Queue.Dispatching.Bounces;

/// <summary>
/// Section <c>Bounces:Pause</c>: an account whose 24-hour hard-bounce or complaint rate crosses its threshold
/// has its Bulk and Mass mail paused (a PauseBulk hold) until the rate falls again or an operator resumes it.
/// </summary>
public sealed class BouncePauseOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Hard bounces per recipient sent over 24 h that pause bulk mail (providers judge 2–5 %).</summary>
    [Range(0.0001, 1)]
    public double HardBounceRate { get; set; } = 0.05;

    /// <summary>Complaints per recipient sent over 24 h (Gmail expects under 0.3 %, aims for 0.1 %).</summary>
    [Range(0.00001, 1)]
    public double ComplaintRate { get; set; } = 0.001;

    /// <summary>Rates over fewer recipients than this are noise: no pause.</summary>
    [Range(1, 10_000_000)]
    public long MinimumSent { get; set; } = 100;

    /// <summary>How often the rates are read (also for the gauges) and the holds set or lifted.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
