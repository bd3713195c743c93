using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Gateway.Status;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Gateway.Reputation;

/// <summary>
/// Listings and degraded zones as the reputation monitor announced them, kept by the gateway until the monitor
/// offers a read model of its own.
/// </summary>
public sealed class ReputationViewStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<GatewayOptions> options, TimeProvider clock)
{
    static JsonSerializerOptions Json => RequestStatusStore.Json;

    string Prefix => $"{redisOptions.Value.KeyPrefix}:gateway:reputation";

    RedisKey Listings => $"{Prefix}:listings";

    RedisKey Degraded => $"{Prefix}:degraded";

    RedisKey Zones => $"{Prefix}:zones";

    public async Task ListedAsync(ReputationListingConfirmed listing)
    {
        await redis.GetDatabase().HashSetAsync(Listings, Field(listing.Zone, listing.Target), JsonSerializer.Serialize(listing, Json));
        await redis.GetDatabase().SetAddAsync(Zones, listing.Zone);
    }

    public async Task ClearedAsync(ReputationListingCleared cleared)
    {
        await redis.GetDatabase().HashDeleteAsync(Listings, Field(cleared.Zone, cleared.Target));
        await redis.GetDatabase().SetAddAsync(Zones, cleared.Zone);
    }

    public Task DegradedAsync(ReputationMonitorDegraded degraded) =>
        redis.GetDatabase().HashSetAsync(Degraded, degraded.Zone ?? "resolver", JsonSerializer.Serialize(new DegradedZone(degraded.Zone, degraded.Reason, degraded.Since, clock.GetUtcNow()), Json));

    public async Task<ReputationView> ViewAsync()
    {
        var database = redis.GetDatabase();
        var listings = (await database.HashValuesAsync(Listings)).Select(v => JsonSerializer.Deserialize<ReputationListingConfirmed>((string)v!, Json)!).ToList();
        var stale = clock.GetUtcNow() - options.Value.Reputation.DegradedFor;
        var degraded = (await database.HashValuesAsync(Degraded)).Select(v => JsonSerializer.Deserialize<DegradedZone>((string)v!, Json)!)
            .Where(d => d.ReportedAt > stale).ToList();
        var seen = (await database.SetMembersAsync(Zones)).Select(z => (string)z!);
        var zones = options.Value.Reputation.Zones.Concat(seen).Concat(listings.Select(l => l.Zone)).Distinct(StringComparer.OrdinalIgnoreCase).Order()
            .Select(zone => new ZoneStatus(zone,
                listings.Any(l => Same(l.Zone, zone)) ? "listed" : degraded.Any(d => Same(d.Zone, zone)) ? "degraded" : "clean",
                listings.Where(l => Same(l.Zone, zone)).Select(l => l.Target).ToList()))
            .ToList();
        return new ReputationView(zones, listings, degraded, AuthChecks: null);
    }

    static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    static string Field(string zone, string target) => $"{zone.ToLowerInvariant()}|{target.ToLowerInvariant()}";
}
