using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Gateway.Intake;

/// <summary>What intake did with each RequestId, so the same id twice is published once (a Redis SET NX).</summary>
public sealed class IntakeLedger(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<GatewayOptions> options)
{
    const string Pending = "pending";
    const string Published = "published";

    /// <summary>Long enough for one publish with broker confirmation; a crashed intake frees the id after it.</summary>
    static readonly TimeSpan PendingLease = TimeSpan.FromMinutes(1);

    public async Task<IntakeClaim> ClaimAsync(Guid requestId, string application)
    {
        var database = redis.GetDatabase();
        if (await database.StringSetAsync(Key(requestId), $"{Pending}|{application}", PendingLease, When.NotExists))
        {
            return IntakeClaim.Claimed;
        }

        var value = (string?)await database.StringGetAsync(Key(requestId)) ?? "";
        var separator = value.IndexOf('|');
        if (separator < 0)
        {
            // It ended between the two calls; the caller may simply retry.
            return IntakeClaim.InProgress;
        }

        if (!string.Equals(value[(separator + 1)..], application, StringComparison.Ordinal))
        {
            return IntakeClaim.TakenByAnother;
        }

        return value[..separator] == Published ? IntakeClaim.Replay : IntakeClaim.InProgress;
    }

    public Task PublishedAsync(Guid requestId, string application) =>
        redis.GetDatabase().StringSetAsync(Key(requestId), $"{Published}|{application}", options.Value.DeduplicationWindow);

    /// <summary>The publish failed: the caller may try the same id again.</summary>
    public Task ReleaseAsync(Guid requestId) => redis.GetDatabase().KeyDeleteAsync(Key(requestId));

    RedisKey Key(Guid requestId) => $"{redisOptions.Value.KeyPrefix}:gateway:intake:{requestId:N}";
}

public enum IntakeClaim
{
    /// <summary>New: this call publishes it.</summary>
    Claimed,

    /// <summary>Published before by the same application: answer as then.</summary>
    Replay,

    /// <summary>Another call with the same id is publishing it right now.</summary>
    InProgress,

    /// <summary>Another application used this id.</summary>
    TakenByAnother,
}
