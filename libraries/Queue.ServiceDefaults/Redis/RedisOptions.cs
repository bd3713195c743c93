using System.ComponentModel.DataAnnotations;

namespace Queue.ServiceDefaults.Redis;

/// <summary>Section <c>Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379,password=…</c>.</summary>
    [Required]
    public string Configuration { get; set; } = "localhost:6379";

    /// <summary>Prefix of every key Queue writes, so several installations can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "use letters, digits, '_', '.' or '-' only")]
    public string KeyPrefix { get; set; } = "queue";

    /// <summary>
    /// The dispatcher starts only on a Redis whose <c>maxmemory-policy</c> is <c>noeviction</c>, because an evicted
    /// quota window lets Queue send over the provider's limits. Naming another policy here (a <c>volatile-*</c>
    /// one, e.g. a managed Redis that cannot change it) accepts that risk knowingly; <c>allkeys-*</c> never.
    /// </summary>
    [RegularExpression("^(noeviction|volatile-(lru|lfu|random|ttl))$", ErrorMessage = "name noeviction or a volatile-* policy (allkeys-* evicts quota windows at any time)")]
    public string? AllowEvictionPolicy { get; set; }
}
