using Microsoft.Extensions.Diagnostics.HealthChecks;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Tracking;

namespace Queue.ReputationMonitor.Monitoring;

/// <summary>
/// Degraded (never unhealthy: the process works, it is the lists it cannot trust) while the resolver is silent or a
/// zone fails its test entries, naming why, so a blind monitor shows on /health/ready and not only in its events.
/// </summary>
public sealed class ReputationHealthCheck(ReputationBoard board) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = board.ZoneStatuses().Where(z => !z.Trusted).Select(z => $"{BlocklistZone.KeyOf(z.Zone, z.Kind)}: {z.Reason}").ToList();
        if (!board.ResolverAnswering)
        {
            problems.Insert(0, "the resolver does not answer");
        }

        return Task.FromResult(problems.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(string.Join("; ", problems)));
    }
}
