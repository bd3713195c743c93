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
}
