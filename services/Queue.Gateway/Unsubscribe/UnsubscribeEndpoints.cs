using Microsoft.Net.Http.Headers;
using Queue.Sending.Policy;

namespace Queue.Gateway.Unsubscribe;

/// <summary>
/// One-click unsubscribe (RFC 8058) for the links in mass mail: the mail client POSTs
/// <c>List-Unsubscribe=One-Click</c> to the link; the link's HMAC token proves it is the recipient's own. A GET (a
/// person clicking, or a link scanner) only shows a button, so nobody is unsubscribed by a prefetch. A person's
/// browser (it accepts text/html) gets Spanish pages, with a way back (re-subscribe, signed for that purpose only);
/// a mail client gets JSON or problem details.
/// </summary>
public static class UnsubscribeEndpoints
{
    public sealed record Unsubscribed(string Domain, string Recipient);

    public sealed record Resubscribed(string Domain, string Recipient);

    public static void MapUnsubscribe(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/unsubscribe", UnsubscribeAsync).AllowAnonymous().DisableAntiforgery()
            .WithSummary("RFC 8058 one-click unsubscribe: POST List-Unsubscribe=One-Click to the link of a mass message");
        app.MapGet("/v1/unsubscribe", (HttpContext http, UnsubscribeLinks links) => Confirm(http, links, LinkPurpose.Unsubscribe))
            .AllowAnonymous().WithSummary("A page with a button that unsubscribes (never on GET); an error page for a forged link");
        app.MapPost("/v1/resubscribe", ResubscribeAsync).AllowAnonymous().DisableAntiforgery()
            .WithSummary("Undo an unsubscribe: POST List-Unsubscribe=One-Click to the re-subscribe link of the confirmation page");
        app.MapGet("/v1/resubscribe", (HttpContext http, UnsubscribeLinks links) => Confirm(http, links, LinkPurpose.Resubscribe))
            .AllowAnonymous().WithSummary("A page with a button that subscribes again (never on GET)");
    }

    static async Task<IResult> UnsubscribeAsync(HttpContext http, UnsubscribeLinks links, SuppressionList suppressed, ILogger<UnsubscribeLinks> logger)
    {
        if (await Refusal(http, links, LinkPurpose.Unsubscribe, logger) is { } refused)
        {
            return refused;
        }

        var (domain, recipient, _) = LinkOf(http.Request.Query);
        await suppressed.AddAsync(domain, recipient);
        logger.LogInformation("A recipient of {Domain} unsubscribed from mass mail", domain);
        if (!WantsPage(http))
        {
            return Results.Ok(new Unsubscribed(domain.ToLowerInvariant(), recipient.ToLowerInvariant()));
        }

        var back = $"{http.Request.PathBase}/v1/resubscribe?{links.Query(LinkPurpose.Resubscribe, domain, recipient)}";
        return UnsubscribePage.Render(StatusCodes.Status200OK, "Suscripción cancelada",
            [
                $"{recipient} ya no recibirá correo masivo de la Alcaldía de Pasto (boletines y comunicaciones a todo el personal).",
                "Los avisos personales, las notificaciones y los mensajes confidenciales dirigidos a usted seguirán llegando.",
            ],
            link: (back, "¿Fue un error?", "Volver a suscribirse"));
    }

    static async Task<IResult> ResubscribeAsync(HttpContext http, UnsubscribeLinks links, SuppressionList suppressed, ILogger<UnsubscribeLinks> logger)
    {
        if (await Refusal(http, links, LinkPurpose.Resubscribe, logger) is { } refused)
        {
            return refused;
        }

        var (domain, recipient, _) = LinkOf(http.Request.Query);
        await suppressed.RemoveAsync(domain, recipient);
        logger.LogInformation("A recipient of {Domain} subscribed to mass mail again", domain);
        return WantsPage(http)
            ? UnsubscribePage.Render(StatusCodes.Status200OK, "Suscripción restablecida",
                [$"{recipient} volverá a recibir el correo masivo de la Alcaldía de Pasto.", "Cada mensaje masivo trae un enlace para cancelar la suscripción otra vez."])
            : Results.Ok(new Resubscribed(domain.ToLowerInvariant(), recipient.ToLowerInvariant()));
    }

    /// <summary>Why this POST changes nothing: not the one-click form, or a link Queue did not issue for this purpose.</summary>
    static async Task<IResult?> Refusal(HttpContext http, UnsubscribeLinks links, LinkPurpose purpose, ILogger logger)
    {
        if (!await IsOneClickAsync(http))
        {
            return WantsPage(http)
                ? UnsubscribePage.Render(StatusCodes.Status400BadRequest, "Solicitud incompleta",
                    ["La solicitud no llegó completa. Abra otra vez el enlace del mensaje y pulse el botón."])
                : Problems.Result(StatusCodes.Status400BadRequest, "Not a one-click unsubscribe",
                    "POST the form body List-Unsubscribe=One-Click (RFC 8058)", GatewayRules.BodyUnreadable);
        }

        if (Valid(http, links, purpose))
        {
            return null;
        }

        logger.LogWarning("{Purpose} with an invalid token refused", purpose);
        return WantsPage(http)
            ? InvalidLinkPage()
            : Problems.Result(StatusCodes.Status403Forbidden, "The link is not valid",
                $"this {purpose.ToString().ToLowerInvariant()} link was not issued by Queue for this recipient", GatewayRules.UnsubscribeForged);
    }

    static IResult Confirm(HttpContext http, UnsubscribeLinks links, LinkPurpose purpose)
    {
        if (!Valid(http, links, purpose))
        {
            return InvalidLinkPage();
        }

        var (_, recipient, _) = LinkOf(http.Request.Query);
        var action = $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
        return purpose == LinkPurpose.Unsubscribe
            ? UnsubscribePage.Render(StatusCodes.Status200OK, "Cancelar suscripción",
                [$"{recipient} dejará de recibir correo masivo de la Alcaldía de Pasto.", "Los avisos personales, las notificaciones y los mensajes confidenciales seguirán llegando."],
                (action, "Cancelar suscripción"))
            : UnsubscribePage.Render(StatusCodes.Status200OK, "Volver a suscribirse",
                [$"{recipient} volverá a recibir el correo masivo de la Alcaldía de Pasto."], (action, "Volver a suscribirse"));
    }

    static IResult InvalidLinkPage() =>
        UnsubscribePage.Render(StatusCodes.Status403Forbidden, "Enlace no válido",
        [
            "Este enlace no es válido: está incompleto, fue modificado o no lo emitió la Alcaldía de Pasto. No se cambió nada.",
            "Use el enlace completo del mensaje que recibió, o escriba a intranet@pasto.gov.co.",
        ]);

    static bool Valid(HttpContext http, UnsubscribeLinks links, LinkPurpose purpose)
    {
        var (domain, recipient, token) = LinkOf(http.Request.Query);
        return domain.Length > 0 && recipient.Length > 0 && links.Verify(domain, recipient, token, purpose);
    }

    /// <summary>The RFC 8058 body; a body that is not a readable form is simply not it.</summary>
    static async Task<bool> IsOneClickAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return false;
        }

        try
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return form["List-Unsubscribe"].ToString() == "One-Click";
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A person's browser asks for HTML; a mail client's one-click POST does not.</summary>
    static bool WantsPage(HttpContext http) =>
        http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    static (string Domain, string Recipient, string Token) LinkOf(IQueryCollection query) =>
        (query["d"].ToString().Trim(), query["r"].ToString().Trim(), query["t"].ToString().Trim());
}
