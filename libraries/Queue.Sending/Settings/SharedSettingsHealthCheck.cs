using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Queue.Sending.Settings;

/// <summary>Reports the shared settings version in force; degraded while a newer stored version is refused here.</summary>
public sealed class SharedSettingsHealthCheck(SharedSettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["version"] = settings.Version };
        return Task.FromResult(settings.RejectedVersion is { } rejected && rejected > settings.Version
            ? HealthCheckResult.Degraded($"settings version {settings.Version} in force; version {rejected} refused: {settings.RejectedBecause}", data: data)
            : HealthCheckResult.Healthy($"settings version {settings.Version}", data));
    }
}
