using System.Globalization;
using System.Text.Json;

namespace Queue.Ctl;

/// <summary>Reading the gateway's JSON for tables: missing and null read as "-".</summary>
public static class Json
{
    public static string? S(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => v.GetString(),
            _ => v.ToString(),
        } : null;

    /// <summary>A timestamp in this machine's time zone, to the second.</summary>
    public static string? Time(this JsonElement e, string name) =>
        e.S(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : null;

    public static IEnumerable<JsonElement> Items(this JsonElement e, string? name = null)
    {
        var list = name is null ? e : e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
    }

    public static string Pretty(JsonElement e) => JsonSerializer.Serialize(e, new JsonSerializerOptions { WriteIndented = true });
}
