using Microsoft.Net.Http.Headers;

namespace Queue.Gateway;

/// <summary>
/// The status page's static shell under <c>/status/</c>, served without a key: it holds no data. Its script asks
/// the API with the key the operator types once, kept in the tab's sessionStorage only.
/// </summary>
public static class StatusPage
{
    public static WebApplication UseStatusPage(this WebApplication app)
    {
        // Routing ignores a trailing slash, so the redirect to the directory is done before it.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == "/status")
            {
                context.Response.Redirect($"{context.Request.PathBase}/status/");
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                var headers = file.Context.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'none'";
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
        return app;
    }
}
