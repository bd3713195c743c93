using System.Text.Json;
using System.Text.Json.Nodes;
using Queue.Operations;
using static Queue.Ctl.Format;

namespace Queue.Ctl;

/// <summary>settings show | settings set FILE --reason WHY [--version N] | settings history.</summary>
public sealed class SettingsCommands(GatewayClient gateway, TextWriter output)
{
    static readonly CtlJson Json = CtlJson.Default;

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task ShowAsync()
    {
        var current = await gateway.GetAsync("/v1/settings", Json.SettingsView);
        output.WriteLine($"version {current.Version}" + (current.ChangedBy is { } by ? $", changed by {by} at {Time(current.ChangedAt)}: {current.Reason}" : $" (shipped defaults, {current.Bootstrap})"));
        output.WriteLine(current.Settings.ToJsonString(Indented));
    }

    /// <param name="version">The version the file is based on; null: the version stored now.</param>
    public async Task SetAsync(string path, string reason, long? version, string? by)
    {
        JsonObject settings;
        try
        {
            settings = JsonNode.Parse(await CliFiles.ReadAsync(path)) as JsonObject ?? throw CliException.Usage($"{path} is not a settings document (a JSON object, as `queuectl settings show` prints it)");
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"cannot read {path}: {e.Message}");
        }

        var basedOn = version ?? (await gateway.GetAsync("/v1/settings", Json.SettingsView)).Version;
        var answer = await gateway.PostAsync("/v1/settings", new SettingsChange(basedOn, reason, by, settings), Json.SettingsChange, Json.SettingsView);
        output.WriteLine($"settings version {answer.Version} stored (by {answer.ChangedBy}); every service follows within seconds");
    }

    public async Task HistoryAsync() =>
        TableWriter.Write(output, ["VERSION", "CHANGED AT", "BY", "REASON"],
            (await gateway.GetAsync("/v1/settings/history", Json.IReadOnlyListHistoryEntry)).Select(h => (IReadOnlyList<string?>)
                [h.Version.ToString(), Time(h.ChangedAt), h.ChangedBy, h.Reason]));
}
