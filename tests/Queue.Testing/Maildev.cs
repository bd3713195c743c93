using System.Text.Json;

namespace Queue.Testing;

/// <summary>What the maildev sink received, read from its REST API.</summary>
public sealed class Maildev : IDisposable
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
