using System.ComponentModel.DataAnnotations;

namespace Queue.Dispatching.Lanes;

/// <summary>Section <c>Dispatcher:ConsumerWatchdog</c>.</summary>
public sealed class ConsumerWatchdogOptions
{
    public const string Section = "Dispatcher:ConsumerWatchdog";

    /// <summary>Off only where no RabbitMQ management API answers; without it a lost consumer is noticed by nobody.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the broker is asked whether each queue this process should consume has a consumer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Looks in a row without a consumer before the endpoint is restarted (so at least this many intervals).</summary>
    [Range(1, 100)]
    public int Strikes { get; set; } = 2;

    /// <summary>Endpoint restarts that did not bring a consumer back before the process stops for its supervisor to start it anew.</summary>
    [Range(0, 100)]
    public int MaxRestarts { get; set; } = 1;
}
