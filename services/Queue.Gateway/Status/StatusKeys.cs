using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Gateway.Status;

/// <summary>Where the gateway's read model lives in Redis, under the installation's key prefix.</summary>
public sealed class StatusKeys(IOptions<RedisOptions> options)
{
    string Prefix => $"{options.Value.KeyPrefix}:gateway";

    public RedisKey History(Guid id) => $"{Prefix}:status:{id:N}";

    /// <summary>Hash: application, account, parent, parts (JSON), total.</summary>
    public RedisKey Meta(Guid id) => $"{Prefix}:status:{id:N}:meta";

    public RedisKey PartsSent(Guid id) => $"{Prefix}:status:{id:N}:parts-sent";

    public RedisKey PartsFailed(Guid id) => $"{Prefix}:status:{id:N}:parts-failed";

    /// <summary>Sorted set of the account's requests not finished yet, by the time they were accepted.</summary>
    public RedisKey Open(string account) => $"{Prefix}:open:{account.ToLowerInvariant()}";

    public RedisKey Rejections => $"{Prefix}:rejections";
}
