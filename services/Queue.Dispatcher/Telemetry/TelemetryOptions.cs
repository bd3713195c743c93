namespace Queue.Dispatcher.Telemetry;

/// <summary>Section <c>Telemetry</c> of the dispatcher.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Sample quota usage and lane depth for the gauges; on by default where metrics are exported.</summary>
    public bool Sample { get; set; }

    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
