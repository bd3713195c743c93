using System.ComponentModel.DataAnnotations;

namespace Queue.Gateway;

/// <summary>Section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The durable queue on which the gateway hears the lifecycle events.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "use letters, digits, '_', '.' or '-' only")]
    public string EventsQueue { get; set; } = "gateway-events";

    /// <summary>The dispatcher's <c>Dispatcher:QueueName</c>: lane queues are named after it.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "use letters, digits, '_', '.' or '-' only")]
    public string DispatcherQueue { get; set; } = "send-email";

    /// <summary>How long the status and history of a request is kept after its last event.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan StatusRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a RequestId taken by intake is remembered, so a replay is answered without publishing again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Largest request body intake reads (413 above it). Unset: room for a message of <c>Validation:MaxMessageBytes</c>
    /// with its attachments in base64.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long? MaxRequestBytes { get; set; }

    /// <summary>Rejections kept for the status page.</summary>
    [Range(1, 1000)]
    public int RecentRejections { get; set; } = 50;

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();
}
