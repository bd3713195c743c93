using MassTransit;
using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Queue.Gateway;

/// <summary>Redis or the broker away is the servers' fault, not the caller's: 503 with a hint to retry.</summary>
public sealed class UnavailableExceptionHandler(ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisException or TimeoutException or MassTransitException or OperationCanceledException { InnerException: not null }
            or HttpRequestException or RabbitMQ.Client.Exceptions.BrokerUnreachableException))
        {
            return false;
        }

        logger.LogWarning("{Path}: a server Queue needs is unavailable ({Error})", context.Request.Path, exception.Message);
        context.Response.Headers.RetryAfter = "5";
        await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "Queue is unavailable for a moment",
            "Redis or RabbitMQ did not answer; nothing was accepted; try again");
        return true;
    }
}
