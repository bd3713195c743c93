using System.ComponentModel.DataAnnotations;

namespace Queue.ServiceDefaults.Messaging;

/// <summary>Section <c>RabbitMq</c>: the broker every service connects to.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string UserName { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";

    /// <summary>The management HTTP API, for queue depths in metrics and operations.</summary>
    public Uri ManagementUrl { get; set; } = new("http://localhost:15672/");

    /// <summary>Messages fetched ahead per consumer; small, because each one may wait on SMTP.</summary>
    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 16;
}
