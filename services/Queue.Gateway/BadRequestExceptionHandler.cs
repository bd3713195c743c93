using Microsoft.AspNetCore.Diagnostics;

namespace Queue.Gateway;

/// <summary>
/// A query value, route value or body that cannot be bound (e.g. <c>count=abc</c>) is the caller's mistake: its own
/// 4xx as problem details, in every environment (route handlers always throw on a bad request, see
/// GatewayRegistration, so Development and Production answer the same).
/// </summary>
public sealed class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
        {
            return false;
        }

        logger.LogInformation("{Method} {Path}: bad request ({Error})", context.Request.Method, context.Request.Path, bad.Message);
        await Problems.Write(context, bad.StatusCode, "The request cannot be read", bad.Message.Split('\n')[0], GatewayRules.ParameterInvalid);
        return true;
    }
}
