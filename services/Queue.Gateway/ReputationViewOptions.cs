namespace Queue.Gateway;

/// <summary>Section <c>Gateway:Reputation</c>: how the gateway shows what the reputation monitor reports.</summary>
public sealed class ReputationViewOptions
{
    /// <summary>Zones shown as clean until a listing on them is reported (the monitor's zones).</summary>
    public List<string> Zones { get; set; } = [];

    /// <summary>A degraded zone not reported again within this time is no longer shown as degraded.</summary>
    public TimeSpan DegradedFor { get; set; } = TimeSpan.FromHours(1);
}
