using StackExchange.Redis;

namespace Queue.Testing;

public static class RedisCleanup
{
    /// <summary>Deletes every key under a test's prefix, so the shared Redis does not grow run after run.</summary>
    public static void DeletePrefix(IConnectionMultiplexer redis, string prefix)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = server.Keys(pattern: $"{prefix}:*", pageSize: 5000).ToArray();
        if (keys.Length > 0)
        {
            redis.GetDatabase().KeyDelete(keys);
        }
    }
}
