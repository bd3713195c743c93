using Queue.Contracts;

namespace Queue.ReputationMonitor.Tracking;

/// <summary>
/// Whether the resolver answers at all. A zone whose test entries all time out says more about the resolver than
/// about the zone (a dead list's servers make a resolver answer SERVFAIL, not keep silent), so that is announced
/// once as a degraded monitor without a zone.
/// </summary>
public sealed class ResolverState
{
    public bool Answering { get; private set; } = true;

    public ReputationMonitorDegraded? Silent(string detail, DateTimeOffset now)
    {
        if (!Answering)
        {
            return null;
        }

        Answering = false;
        return new ReputationMonitorDegraded { Zone = null, Reason = $"the resolver does not answer: {detail}", Since = now };
    }

    /// <returns>True when it was silent until now.</returns>
    public bool Answered()
    {
        var recovered = !Answering;
        Answering = true;
        return recovered;
    }
}
