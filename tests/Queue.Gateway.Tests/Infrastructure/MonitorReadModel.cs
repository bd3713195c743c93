using Queue.Contracts;
using Queue.Reputation.Status;

namespace Queue.Gateway.Tests.Infrastructure;

/// <summary>Writes the reputation monitor's read model as the monitor does after a round, for the gateway to show.</summary>
static class MonitorReadModel
{
    public static Task CleanAsync(ReputationStatusStore store, string zone) => WriteAsync(store, zone, listedOn: null);

    public static Task ListedAsync(ReputationStatusStore store, string zone, string list) => WriteAsync(store, zone, list);

    public static Task DegradedAsync(ReputationStatusStore store, string zone, string reason) =>
        store.WriteAsync([], new ZoneStatus { Zone = zone, Kind = ReputationTargetKind.Domain, Healthy = false, Reason = reason, Since = DateTimeOffset.UtcNow });

    public static Task AuthCheckAsync(ReputationStatusStore store, string check, AuthCheckOutcome outcome, string detail) =>
        store.WriteAsync([new AuthCheckStatus { Target = "pasto.gov.co", Check = check, Outcome = outcome, Detail = detail, CheckedAt = DateTimeOffset.UtcNow }]);

    static Task WriteAsync(ReputationStatusStore store, string zone, string? listedOn)
    {
        var now = DateTimeOffset.UtcNow;
        var target = new TargetZoneStatus
        {
            Target = "pasto.gov.co", TargetKind = ReputationTargetKind.Domain, Zone = zone, LastCheckedAt = now,
            LastOutcome = listedOn is null ? LookupOutcome.NotListed : LookupOutcome.Listed,
            Listings = listedOn is null ? [] :
            [
                new ListingStatus
                {
                    List = listedOn, Severity = ReputationSeverity.Medium, Confirmed = true, ConsecutiveHits = 3, Codes = ["127.0.0.2"],
                    Reason = "prueba", FirstSeen = now.AddMinutes(-30), ConfirmedAt = now,
                },
            ],
        };
        return store.WriteAsync([target], new ZoneStatus { Zone = zone, Kind = ReputationTargetKind.Domain, Healthy = true, CheckedAt = now, LastSuccessAt = now });
    }
}
