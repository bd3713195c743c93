using MailKit;
using MailKit.Net.Imap;
using System.Net.Sockets;
using System.Text;
using MailKit.Search;
using MimeKit;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>A mailbox of its own on the real Dovecot: reports go in by LMTP (as from the MTA), and are looked at by IMAP.</summary>
sealed class BounceMailbox(string user)
{
    public string User => user;

    /// <summary>Delivers a report as the MTA would: LMTP, envelope sender empty (a bounce has none).</summary>
    public async Task DeliverAsync(MimeMessage report)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(TestServers.ImapHost, TestServers.LmtpPort);
        using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await ExpectAsync(reader, "220");
        await CommandAsync(stream, reader, "LHLO queue-tests", "250");
        await CommandAsync(stream, reader, "MAIL FROM:<>", "250");
        await CommandAsync(stream, reader, $"RCPT TO:<{user}@localhost>", "250");
        await CommandAsync(stream, reader, "DATA", "354");
        using var body = new MemoryStream();
        await report.WriteToAsync(FormatOptions.Default, body);
        var text = Encoding.UTF8.GetString(body.ToArray()).ReplaceLineEndings("\r\n");
        var stuffed = string.Join("\r\n", text.Split("\r\n").Select(l => l.StartsWith('.') ? "." + l : l));
        await stream.WriteAsync(Encoding.UTF8.GetBytes(stuffed.TrimEnd('\r', '\n') + "\r\n.\r\n"));
        await ExpectAsync(reader, "250");
        await CommandAsync(stream, reader, "QUIT", "221");
    }

    static async Task CommandAsync(NetworkStream stream, StreamReader reader, string command, string expected)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        await ExpectAsync(reader, expected);
    }

    /// <summary>Reads one reply (all its lines) and checks its code.</summary>
    static async Task ExpectAsync(StreamReader reader, string code)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync() ?? throw new IOException("LMTP server closed the connection");
        }
        while (line.Length > 3 && line[3] == '-');

        if (!line.StartsWith(code, StringComparison.Ordinal))
        {
            throw new IOException($"LMTP server answered {line}, expected {code}");
        }
    }

    /// <summary>Messages of a folder and their keywords, by the report's Message-ID.</summary>
    public async Task<ILookup<string, IReadOnlySet<string>>> KeywordsAsync(string folderName)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(TestServers.ImapHost, TestServers.ImapPort, MailKit.Security.SecureSocketOptions.None);
        await imap.AuthenticateAsync(user, TestServers.ImapPassword);
        IMailFolder folder;
        try
        {
            folder = await imap.GetFolderAsync(folderName);
        }
        catch (FolderNotFoundException)
        {
            return Array.Empty<string>().ToLookup(s => s, s => (IReadOnlySet<string>)new HashSet<string>());
        }

        await folder.OpenAsync(FolderAccess.ReadOnly);
        var uids = await folder.SearchAsync(SearchQuery.All);
        var summaries = uids.Count == 0 ? [] : await folder.FetchAsync(uids, MessageSummaryItems.Envelope | MessageSummaryItems.Flags);
        await imap.DisconnectAsync(true);
        return summaries.ToLookup(s => s.Envelope?.MessageId ?? "", s => (IReadOnlySet<string>)s.Keywords.ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Waits until the folder holds the report (every copy of it) with all of the keywords.</summary>
    public async Task WaitForAsync(string folderName, string? messageId, params string[] keywords)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var copies = (await KeywordsAsync(folderName))[messageId ?? ""].ToList();
            if (copies.Count > 0 && copies.All(found => keywords.All(found.Contains)))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{messageId} did not reach {folderName} with {string.Join(", ", keywords)}");
    }
}
