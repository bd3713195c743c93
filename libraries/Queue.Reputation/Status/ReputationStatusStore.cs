using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Reputation.Status;

/// <summary>
/// The read model in Redis: one hash per kind of status, one JSON document per field, so a reader gets a
/// consistent view of each item with one HGETALL and the monitor overwrites only what it looked at.
/// Register it as a singleton beside <c>AddQueueRedis</c> to read it from another service.
/// </summary>
public sealed class ReputationStatusStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ReputationStatus> ReadAsync()
    {
        var db = redis.GetDatabase();
        var targets = db.HashGetAllAsync(Key("targets"));
        var zones = db.HashGetAllAsync(Key("zones"));
        var auth = db.HashGetAllAsync(Key("auth"));
        return new ReputationStatus
        {
            Targets = Parse<TargetZoneStatus>(await targets),
            Zones = Parse<ZoneStatus>(await zones),
            AuthChecks = Parse<AuthCheckStatus>(await auth),
        };
    }

    public Task WriteAsync(IEnumerable<TargetZoneStatus> targets, ZoneStatus zone) =>
        Task.WhenAll(
            Write("targets", targets.Select(t => (Field(t.Zone, t.TargetKind.ToString(), t.Target), (object)t))),
            Write("zones", [(Field(zone.Zone, zone.Kind.ToString()), zone)]));

    public Task WriteAsync(IEnumerable<AuthCheckStatus> checks) =>
        Write("auth", checks.Select(c => (Field(c.Target, c.Check), (object)c)));

    Task Write(string kind, IEnumerable<(string Field, object Value)> items)
    {
        var entries = items.Select(i => new HashEntry(i.Field, JsonSerializer.Serialize(i.Value, i.Value.GetType(), Json))).ToArray();
        return entries.Length == 0 ? Task.CompletedTask : redis.GetDatabase().HashSetAsync(Key(kind), entries);
    }

    static IReadOnlyList<T> Parse<T>(HashEntry[] entries) =>
        entries.Select(e => JsonSerializer.Deserialize<T>((string)e.Value!, Json)!).ToList();

    static string Field(params string[] parts) => string.Join('|', parts);

    RedisKey Key(string kind) => $"{options.Value.KeyPrefix}:reputation:{kind}";
}
