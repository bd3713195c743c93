using System.Text.Json;
using System.Text.Unicode;
using Queue.Gateway.Intake;

namespace Queue.Gateway.Operations;

/// <summary>
/// Reads the JSON body of an operations command strictly: valid UTF-8, the command's properties only, the right
/// types. Anything else is a 400 and nothing happens, because a misread body must never become "resume everything"
/// (a misspelt or unreadable "account" would otherwise read as null, i.e. all sending).
/// </summary>
public static class CommandBody
{
    /// <summary>Commands are a few short fields; anything bigger is not one.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>Reasons and comments are shown in tables and the status page: a sentence or two, not a document.</summary>
    public const int MaxTextLength = 500;

    /// <summary>A person's name or role.</summary>
    public const int MaxNameLength = 200;

    /// <param name="optional">An empty body reads as <paramref name="empty"/> (e.g. an approval without a comment).</param>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext http, T? empty = null, bool optional = false) where T : class
    {
        var request = http.Request;
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        byte[] bytes;
        try
        {
            await using var limited = new LimitedReadStream(request.Body, MaxBytes);
            using var buffer = new MemoryStream();
            await limited.CopyToAsync(buffer, http.RequestAborted);
            bytes = buffer.ToArray();
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge());
        }

        if (bytes.Length == 0 && optional)
        {
            return (empty, null);
        }

        if (bytes.Length > 0 && !request.HasJsonContentType())
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON",
                "send Content-Type: application/json; nothing was changed", GatewayRules.BodyUnreadable));
        }

        // The JSON reader does not check the UTF-8 of values it skips; a broken body is refused whole.
        if (!Utf8.IsValid(bytes))
        {
            return (null, Unreadable("the body is not valid UTF-8", null));
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, GatewayJson.Request) is { } body
                ? (body, null)
                : (null, Unreadable("the body is JSON null; send a JSON object", null));
        }
        catch (JsonException e)
        {
            return (null, Unreadable(e.Message.Split('\n')[0], e.Path));
        }
    }

    /// <summary>A 400 naming each text field over its limit, or null when all fit.</summary>
    public static IResult? TooLong(string title, params (string Field, string? Value, int Max)[] fields)
    {
        var errors = fields.Where(f => f.Value?.Length > f.Max)
            .ToDictionary(f => f.Field, f => new[] { $"may be at most {f.Max} characters; it has {f.Value!.Length}" });
        return errors.Count == 0 ? null : Results.ValidationProblem(errors, title: title);
    }

    static IResult TooLarge() =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "The command is too large", $"a command body may be at most {MaxBytes:N0} bytes; nothing was changed",
            GatewayRules.BodyTooLarge);

    static IResult Unreadable(string detail, string? path) =>
        Problems.Result(StatusCodes.Status400BadRequest, "The body is not this command", $"{detail}; nothing was changed", GatewayRules.BodyUnreadable,
            new Dictionary<string, object?> { ["field"] = path });
}
