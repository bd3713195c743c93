using System.Text.Json;

namespace Queue.Ctl;

/// <summary>settings show | settings set FILE --reason WHY [--version N] | settings history.</summary>
public sealed class SettingsCommands(GatewayClient gateway, TextWriter output)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task RunAsync(CliArgs args) => (args.Words.Count > 1 ? args.Words[1] : "show") switch
    {
        "show" => ShowAsync(),
        "set" => SetAsync(args),
        "history" => HistoryAsync(),
        var other => throw CliException.Usage($"unknown settings command '{other}'; use show, set FILE --reason WHY, or history"),
    };

    async Task ShowAsync()
    {
        var current = await gateway.GetAsync("/v1/settings");
        output.WriteLine($"version {current.GetProperty("version")}" + (current.S("changedBy") is { } by ? $", changed by {by} at {current.Time("changedAt")}: {current.S("reason")}" : $" (shipped defaults, {current.S("bootstrap")})"));
        output.WriteLine(JsonSerializer.Serialize(current.GetProperty("settings"), Indented));
    }

    async Task SetAsync(CliArgs args)
    {
        var path = args.Word(2, "FILE (the whole settings document, as `queuectl settings show` prints it)");
        var reason = args.Option("reason") ?? throw CliException.Usage("give --reason: why the settings change is recorded");
        JsonElement settings;
        try
        {
            settings = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }

        var version = args.Option("version") is { } v
            ? long.TryParse(v, out var n) ? n : throw CliException.Usage($"--version must be a number, not '{v}'")
            : (await gateway.GetAsync("/v1/settings")).GetProperty("version").GetInt64();
        var answer = await gateway.PostJsonAsync("/v1/settings", JsonSerializer.Serialize(new { version, reason, by = args.Option("by"), settings }));
        output.WriteLine($"settings version {answer.GetProperty("version")} stored (by {answer.S("changedBy")}); every service follows within seconds");
    }

    async Task HistoryAsync() =>
        TableWriter.Write(output, ["VERSION", "CHANGED AT", "BY", "REASON"],
            (await gateway.GetAsync("/v1/settings/history")).Items().Select(h => (IReadOnlyList<string?>)
                [h.GetProperty("version").ToString(), h.Time("changedAt"), h.S("changedBy"), h.S("reason")]));
}
