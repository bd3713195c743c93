using StackExchange.Redis;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// A Redis key prefix of one benchmark measurement, for a dispatcher's <c>Redis:KeyPrefix</c>; its keys are
/// deleted on dispose. The name carries this process's id, so keys left by a killed run are deleted by the next.
/// </summary>
public sealed class BenchKeyPrefix : IAsyncDisposable
{
    const string Prefix = "queue-bench-";
    readonly ConnectionMultiplexer admin;

    BenchKeyPrefix(ConnectionMultiplexer admin, string name)
    {
        this.admin = admin;
        Name = name;
    }

    public string Name { get; }

    public static async Task<BenchKeyPrefix> CreateAsync(string redis, string purpose)
    {
        var prefix = new BenchKeyPrefix(await ConnectAsync(redis), $"{Prefix}{Environment.ProcessId}-{purpose}-{Random.Shared.Next(0x10000):x4}");
        await prefix.DeleteLeftOversAsync();
        return prefix;
    }

    /// <summary>Keys of benchmark processes that are gone (killed, timed out).</summary>
    public static async Task DeleteLeftOversAsync(string redis)
    {
        using var admin = await ConnectAsync(redis);
        await new BenchKeyPrefix(admin, "").DeleteLeftOversAsync();
    }

    Task DeleteLeftOversAsync() => DeleteAsync($"{Prefix}*", key => BenchVhost.OwnerGone(key[Prefix.Length..]));

    static async Task<ConnectionMultiplexer> ConnectAsync(string redis)
    {
        var options = ConfigurationOptions.Parse(redis);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    async Task DeleteAsync(string pattern, Func<string, bool> which)
    {
        var database = admin.GetDatabase();
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        foreach (var batch in server.Keys(database.Database, pattern, pageSize: 1000).Where(k => which(k!)).Chunk(1000))
        {
            await database.KeyDeleteAsync(batch);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DeleteAsync($"{Name}*", _ => true);
        admin.Dispose();
    }
}
