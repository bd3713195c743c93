using System.Text.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Queue.ApiKeys;

/// <summary>The gateway's keys in one Redis hash, by id. Holds hashes only: reading Redis never yields a usable key.</summary>
public sealed partial class ApiKeyStore(IConnectionMultiplexer redis, string keyPrefix, TimeProvider clock)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    RedisKey Key => $"{keyPrefix}:gateway:apikeys";

    public async Task<IssuedKey> CreateAsync(string application, IReadOnlyList<string> scopes, string? note)
    {
        if (!ApplicationName().IsMatch(application))
        {
            throw new ArgumentException($"'{application}' is not an application name: use lower-case letters, digits and '-'");
        }

        var (id, value) = ApiKeyFormat.Generate();
        var key = new ApiKey(id, application, scopes, ApiKeyFormat.Hash(value), clock.GetUtcNow(), note);
        await redis.GetDatabase().HashSetAsync(Key, id, JsonSerializer.Serialize(key, Json));
        return new IssuedKey(key, value);
    }

    /// <summary>The stored key the presented one is, or null (unknown, revoked, or not ours).</summary>
    public async Task<ApiKey?> FindAsync(string presented)
    {
        if (ApiKeyFormat.IdOf(presented) is not { } id || await GetAsync(id) is not { } key)
        {
            return null;
        }

        return ApiKeyFormat.Matches(presented, key.Sha256) ? key : null;
    }

    public async Task<ApiKey?> GetAsync(string id)
    {
        var value = await redis.GetDatabase().HashGetAsync(Key, id);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ApiKey>((string)value!, Json);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync() =>
        (await redis.GetDatabase().HashValuesAsync(Key))
            .Select(v => JsonSerializer.Deserialize<ApiKey>((string)v!, Json)!)
            .OrderBy(k => k.Application).ThenBy(k => k.CreatedAt)
            .ToList();

    /// <summary>Removes the key; it stops working at once on every gateway replica.</summary>
    public Task<bool> RevokeAsync(string id) => redis.GetDatabase().HashDeleteAsync(Key, id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ApplicationName();
}
