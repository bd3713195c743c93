namespace Queue.ServiceDefaults;

public static class HealthTags
{
    public const string Live = "live";

    /// <summary>MassTransit tags its bus checks "ready" too.</summary>
    public const string Ready = "ready";
}
