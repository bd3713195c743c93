using System.Security.Claims;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Gateway.Auth;
using Queue.Gateway.Status;
using Queue.Sending.Applications;
using Queue.Sending.Validation;

namespace Queue.Gateway.Intake;

/// <summary>
/// <c>POST /v1/messages</c>: reads a SendEmail, judges it with the dispatcher's own validator, checks that the key's
/// application may send as its From, and publishes it once per RequestId with broker confirmation.
/// </summary>
public sealed class IntakeHandler(
    SendEmailValidator validator,
    ApplicationDirectory applications,
    IntakeLedger ledger,
    RequestStatusStore statuses,
    IPublishEndpoint publisher,
    IOptions<GatewayOptions> options,
    IOptions<ValidationOptions> validation,
    TimeProvider clock,
    ILogger<IntakeHandler> logger)
{
    /// <summary>Base64 makes attachments 4/3 of their size; JSON and the texts need a little more.</summary>
    public long MaxRequestBytes => options.Value.MaxRequestBytes ?? validation.Value.MaxMessageBytes * 4 / 3 + 1024 * 1024;

    public async Task<IResult> SubmitAsync(HttpContext http)
    {
        var read = await ReadAsync(http);
        if (read.Problem is { } unreadable)
        {
            return unreadable;
        }

        var user = http.User;
        var request = read.Request! with { Application = user.ApplicationOf() };
        var violations = validator.Validate(request);
        if (violations.Count > 0)
        {
            return Invalid(violations);
        }

        if (Refusal(user, request) is { } refused)
        {
            return refused;
        }

        var statusUrl = StatusUrl(http, request.RequestId);
        switch (await ledger.ClaimAsync(request.RequestId, user.ApplicationOf()))
        {
            case IntakeClaim.Replay:
                return Results.Accepted(statusUrl, new SubmittedRequest(request.RequestId, statusUrl, Replayed: true));
            case IntakeClaim.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return Problems.Result(StatusCodes.Status409Conflict, "The same request is being accepted right now",
                    "another call with this requestId is publishing it; try again in a second", GatewayRules.RequestIdInProgress);
            case IntakeClaim.TakenByAnother:
                return Problems.Result(StatusCodes.Status409Conflict, "This requestId is taken",
                    "another application used this requestId; choose a new GUID", GatewayRules.RequestIdTaken);
        }

        var receivedAt = clock.GetUtcNow();
        try
        {
            await publisher.Publish(request, http.RequestAborted);
        }
        catch
        {
            await ledger.ReleaseAsync(request.RequestId);
            throw;
        }

        await ledger.PublishedAsync(request.RequestId, user.ApplicationOf());
        await statuses.RecordReceivedAsync(request, receivedAt);
        logger.LogInformation("Request {RequestId} from {Application} (key {KeyId}) published", request.RequestId, user.ApplicationOf(), user.KeyIdOf());
        return Results.Accepted(statusUrl, new SubmittedRequest(request.RequestId, statusUrl, Replayed: false));
    }

    async Task<(SendEmail? Request, IResult? Problem)> ReadAsync(HttpContext http)
    {
        var limit = MaxRequestBytes;
        if (http.Request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            await using var body = new LimitedReadStream(http.Request.Body, limit);
            var request = await JsonSerializer.DeserializeAsync<SendEmail>(body, GatewayJson.Request, http.RequestAborted);
            return request is null ? (null, Unreadable("the body is JSON null; send a SendEmail object", null)) : (request, null);
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge(limit));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
        catch (JsonException e)
        {
            return (null, Unreadable(e.Message, e.Path));
        }
    }

    /// <summary>403 when the key's application is unknown or not granted the From account.</summary>
    IResult? Refusal(ClaimsPrincipal user, SendEmail request)
    {
        var name = user.ApplicationOf();
        if (applications.ByName(name) is not { } application)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "The key's application may not send",
                $"application '{name}' is not registered in Applications:Registered, so it is granted no sender account", GatewayRules.ApplicationUnknown);
        }

        Mailbox.TryParse(request.From, out var from, out _);
        return ApplicationDirectory.MaySendAs(application, from.Address)
            ? null
            : Problems.Result(StatusCodes.Status403Forbidden, "The key may not send as this account",
                $"application '{name}' is not granted {from.Address}; it may send as {string.Join(", ", application.Senders)}", GatewayRules.SenderNotGranted,
                new Dictionary<string, object?> { ["field"] = "from" });
    }

    static IResult Invalid(IReadOnlyList<RuleViolation> violations)
    {
        var errors = violations.GroupBy(v => v.Field ?? "")
            .ToDictionary(g => g.Key, g => g.Select(v => $"{v.Rule}: {v.Message}").ToArray());
        return Results.ValidationProblem(errors, detail: string.Join("; ", violations.Select(v => $"{v.Field ?? "request"}: {v.Rule}")),
            title: "The request is invalid", extensions: new Dictionary<string, object?> { ["violations"] = violations });
    }

    static IResult TooLarge(long limit) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "The request is too large",
            $"the body may be at most {limit:N0} bytes (Validation:MaxMessageBytes with base64 attachments)", GatewayRules.BodyTooLarge);

    static IResult Unreadable(string detail, string? path) =>
        Problems.Result(StatusCodes.Status400BadRequest, "The body is not a SendEmail", detail, GatewayRules.BodyUnreadable,
            new Dictionary<string, object?> { ["field"] = path });

    static string StatusUrl(HttpContext http, Guid requestId) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/v1/messages/{requestId}";
}
