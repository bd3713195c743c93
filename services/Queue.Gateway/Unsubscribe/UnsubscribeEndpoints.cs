using System.Text.Encodings.Web;
using Queue.Sending.Policy;

namespace Queue.Gateway.Unsubscribe;

/// <summary>
/// One-click unsubscribe (RFC 8058) for the links in mass mail: the mail client POSTs
/// <c>List-Unsubscribe=One-Click</c> to the link; the link's HMAC token proves it is the recipient's own. A GET (a
/// person clicking, or a link scanner) only shows a button, so nobody is unsubscribed by a prefetch.
/// </summary>
public static class UnsubscribeEndpoints
{
    public sealed record Unsubscribed(string Domain, string Recipient);

    public static void MapUnsubscribe(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/unsubscribe", PostAsync).AllowAnonymous().DisableAntiforgery()
            .WithSummary("RFC 8058 one-click unsubscribe: POST List-Unsubscribe=One-Click to the link of a mass message");
        app.MapGet("/v1/unsubscribe", Confirm).AllowAnonymous().WithSummary("A page with a button that unsubscribes (never on GET)");
    }

    static async Task<IResult> PostAsync(HttpContext http, UnsubscribeLinks links, SuppressionList suppressed, ILogger<UnsubscribeLinks> logger)
    {
        var (domain, recipient, token) = LinkOf(http.Request.Query);
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        if (form?["List-Unsubscribe"].ToString() != "One-Click")
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Not a one-click unsubscribe",
                "POST the form body List-Unsubscribe=One-Click (RFC 8058)", GatewayRules.BodyUnreadable);
        }

        if (domain.Length == 0 || recipient.Length == 0 || !links.Verify(domain, recipient, token))
        {
            logger.LogWarning("Unsubscribe with an invalid token refused");
            return Problems.Result(StatusCodes.Status403Forbidden, "The link is not valid",
                "this unsubscribe link was not issued by Queue for this recipient", GatewayRules.UnsubscribeForged);
        }

        await suppressed.AddAsync(domain, recipient);
        logger.LogInformation("A recipient of {Domain} unsubscribed from mass mail", domain);
        return Results.Ok(new Unsubscribed(domain.ToLowerInvariant(), recipient.ToLowerInvariant()));
    }

    static IResult Confirm(HttpContext http)
    {
        var (_, recipient, _) = LinkOf(http.Request.Query);
        var action = HtmlEncoder.Default.Encode($"{http.Request.PathBase}/v1/unsubscribe{http.Request.QueryString}");
        var html = $"""
            <!doctype html><html lang="es"><head><meta charset="utf-8"><title>Cancelar suscripción</title></head>
            <body style="font-family:sans-serif;max-width:32em;margin:3em auto">
            <h1>Cancelar suscripción</h1>
            <p>{HtmlEncoder.Default.Encode(recipient)} dejará de recibir correo masivo de la Alcaldía de Pasto.
            Los avisos personales y confidenciales seguirán llegando.</p>
            <form method="post" action="{action}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
            <button type="submit">Cancelar suscripción</button></form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    static (string Domain, string Recipient, string Token) LinkOf(IQueryCollection query) =>
        (query["d"].ToString().Trim(), query["r"].ToString().Trim(), query["t"].ToString().Trim());
}
