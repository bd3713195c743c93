using System.Text.Json;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>What the maildev sink received, read from its REST API.</summary>
sealed class Maildev : IDisposable
{
    readonly HttpClient http = new() { BaseAddress = TestServers.MaildevApi, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<IReadOnlyList<ReceivedMail>> AllAsync()
    {
        var json = await http.GetStringAsync("api/email");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(ReceivedMail.Parse).ToList();
    }

    /// <summary>Waits until <paramref name="count"/> messages match, then returns them.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(Func<ReceivedMail, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = (await AllAsync()).Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the SMTP sink received {found.Count} of {count} expected messages");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The message as it arrived over SMTP (maildev's parsed header map leaves out Date, Reply-To, From…).</summary>
    public Task<string> SourceAsync(ReceivedMail mail) => http.GetStringAsync($"api/email/{mail.Id}/source");

    /// <summary>The header block as sent, with folded lines unfolded.</summary>
    public async Task<string> HeadersAsync(ReceivedMail mail)
    {
        var source = await SourceAsync(mail);
        var end = source.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(end < 0 ? source : source[..end], "\r\n[ \t]+", " ");
    }

    public async Task<IReadOnlyList<ReceivedMail>> WithSubjectAsync(string subject) =>
        (await AllAsync()).Where(m => m.Subject == subject).ToList();

    public void Dispose() => http.Dispose();
}

/// <summary>One message as the sink parsed it.</summary>
sealed record ReceivedMail(
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
