using System.Text.Json;

namespace Queue.Testing;

/// <summary>One message as the sink parsed it.</summary>
public sealed record ReceivedMail(
    string Id,
    string Subject,
    string From,
    string? FromName,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> EnvelopeTo,
    string? Text,
    string? Html,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<(string FileName, string ContentType, long Length)> Attachments)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    public static ReceivedMail Parse(JsonElement e)
    {
        static IReadOnlyList<string> Addresses(JsonElement e, string name) =>
            e.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(a => a.GetProperty("address").GetString()!.ToLowerInvariant()).ToList()
                : [];
        static string? Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var from = e.GetProperty("from").EnumerateArray().First();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (e.TryGetProperty("headers", out var h))
        {
            foreach (var p in h.EnumerateObject())
            {
                headers[p.Name.ToLowerInvariant()] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString();
            }
        }

        var attachments = e.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => (Text(x, "filename") ?? "", Text(x, "contentType") ?? "", x.TryGetProperty("size", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt64() : 0)).ToList()
            : [];
        var envelope = e.TryGetProperty("envelope", out var env) ? Addresses(env, "to") : [];
        return new ReceivedMail(Text(e, "id") ?? "", Text(e, "subject") ?? "", from.GetProperty("address").GetString()!.ToLowerInvariant(), Text(from, "name"),
            Addresses(e, "to"), Addresses(e, "cc"), envelope, Text(e, "text"), Text(e, "html"), headers, attachments);
    }
}
