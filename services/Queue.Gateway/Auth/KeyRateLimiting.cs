using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Queue.Gateway.Auth;

/// <summary>
/// A fixed window of requests per API key (<c>Gateway:RateLimit</c>), and per client address for calls without one.
/// Health probes, the OpenAPI document and the status page's files are not counted.
/// </summary>
public static class KeyRateLimiting
{
    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = RejectAsync;
        });

    static RateLimitPartition<string> Partition(HttpContext http)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/v1"))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var settings = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimit;
        var key = http.User.Identity?.IsAuthenticated == true ? http.User.KeyIdOf() : null;
        return key is not null
            ? RateLimitPartition.GetFixedWindowLimiter($"key:{key}", _ => Window(settings.PermitLimit, settings.Window))
            : RateLimitPartition.GetFixedWindowLimiter($"ip:{http.Connection.RemoteIpAddress}", _ => Window(settings.AnonymousPermitLimit, settings.Window));
    }

    static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var whose = context.HttpContext.User.Identity?.IsAuthenticated == true
            ? "this key's rate limit (Gateway:RateLimit:PermitLimit)"
            : "the limit for calls without a key from this address (Gateway:RateLimit:AnonymousPermitLimit)";
        await Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"{whose} is used up; try again in {seconds} s", GatewayRules.RateLimited);
    }
}
