using System.ComponentModel.DataAnnotations;

namespace Queue.Gateway;

/// <summary>Section <c>Gateway:RateLimit</c>: requests per key (and, without a key, per client address) in a fixed window.</summary>
public sealed class RateLimitOptions
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>For requests without a key (the unsubscribe endpoint), per client address.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousPermitLimit { get; set; } = 60;
}
