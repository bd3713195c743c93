using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Queue.Configuration;
using StackExchange.Redis;

namespace Queue.ServiceDefaults.Redis;

public static class RedisRegistration
{
    /// <summary>
    /// One shared multiplexer for section <c>Redis</c>. It never aborts on a failed connect: while Redis is
    /// away callers get errors (and fail closed) and the multiplexer reconnects by itself.
    /// </summary>
    public static IHostApplicationBuilder AddQueueRedis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RedisOptions>(RedisOptions.Section);
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var configuration = ConfigurationOptions.Parse(options.Configuration);
            configuration.AbortOnConnectFail = false;
            configuration.ConnectRetry = 3;
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthTags.Ready]);
        return builder;
    }
}
