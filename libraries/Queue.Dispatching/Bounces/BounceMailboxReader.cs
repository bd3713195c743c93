using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Options;
using MimeKit;
using Queue.Bounces;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Bounces;

namespace Queue.Dispatching.Bounces;

/// <summary>
/// Reads the bounce mailbox with IMAP as a mail client would: every message without the processed keyword is
/// parsed and acted on, then marked; IDLE waits for the next one (polling where the server has no IDLE). What
/// cannot be read is moved to the unprocessable folder with its reason recorded. A lost connection or Redis
/// outage ends the session and it starts again; the messages not yet marked are simply read again.
/// </summary>
public sealed class BounceMailboxReader(
    BounceProcessor processor, SetAsideReports setAside, DispatcherMetrics metrics, IOptions<BounceOptions> options, TimeProvider clock, ILogger<BounceMailboxReader> logger)
    : BackgroundService
{
    public const string UnprocessableKeyword = "$QueueUnprocessable";

    BounceImapOptions Imap => options.Value.Imap;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Imap.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Bounce mailbox {Host}:{Port} session ended ({Error}); reconnecting in {Delay}", Imap.Host, Imap.Port, e.Message, Imap.ReconnectDelay);
                await Task.Delay(Imap.ReconnectDelay, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    async Task SessionAsync(CancellationToken stoppingToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Imap.Host!, Imap.Port, Imap.Security, stoppingToken);
        await client.AuthenticateAsync(Imap.User!, Imap.Password!, stoppingToken);
        var folder = await client.GetFolderAsync(Imap.Folder, stoppingToken);
        var aside = await FolderAsync(client, Imap.UnprocessableFolder, stoppingToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, stoppingToken);
        logger.LogInformation("Reading bounce mailbox {Folder} on {Host}:{Port} ({Mode})", Imap.Folder, Imap.Host, Imap.Port, client.Capabilities.HasFlag(ImapCapabilities.Idle) ? "IDLE" : "polling");

        // New mail may be announced while the reader is busy (any command's untagged EXISTS), not only during
        // IDLE: remembered, so the next IDLE is skipped instead of waiting out a report that already arrived.
        var arrived = 0;
        CancellationTokenSource? idling = null;
        void Arrived(object? sender, EventArgs e)
        {
            Interlocked.Exchange(ref arrived, 1);
            try
            {
                idling?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That IDLE already ended; the flag makes the loop read again.
            }
        }

        folder.CountChanged += Arrived;
        try
        {
            while (true)
            {
                Interlocked.Exchange(ref arrived, 0);
                await DrainAsync(folder, aside, stoppingToken);
                if (Volatile.Read(ref arrived) == 1)
                {
                    continue;
                }

                if (client.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    using var done = new CancellationTokenSource(Imap.IdleRefresh, clock);
                    idling = done;
                    if (Volatile.Read(ref arrived) == 0)
                    {
                        await client.IdleAsync(done.Token, stoppingToken);
                    }

                    idling = null;
                }
                else
                {
                    await Task.Delay(Imap.PollInterval, clock, stoppingToken);
                    await client.NoOpAsync(stoppingToken);
                }
            }
        }
        finally
        {
            folder.CountChanged -= Arrived;
        }
    }

    /// <summary>Acts on every report not marked yet, oldest first.</summary>
    internal async Task DrainAsync(IMailFolder folder, IMailFolder aside, CancellationToken cancellationToken)
    {
        var pending = await folder.SearchAsync(SearchQuery.Not(SearchQuery.HasKeyword(Imap.ProcessedKeyword)), cancellationToken);
        foreach (var uid in pending)
        {
            await HandleAsync(folder, aside, uid, cancellationToken);
        }
    }

    async Task HandleAsync(IMailFolder folder, IMailFolder aside, UniqueId uid, CancellationToken cancellationToken)
    {
        var key = $"uid:{folder.UidValidity}:{uid.Id}";
        MimeMessage message;
        try
        {
            message = await folder.GetMessageAsync(uid, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or ParseException)
        {
            await SetAsideAsync(folder, aside, uid, key, null, $"unreadable message: {e.Message}", cancellationToken);
            return;
        }

        // A report's own Message-ID names it across folders, copies and replicas; the UID only where it lies now.
        if (message.MessageId is { Length: > 0 } messageId)
        {
            key = $"mid:{messageId}";
        }

        string? problem;
        try
        {
            switch (ReportParser.Parse(message))
            {
                case ReadReport read:
                    problem = await processor.ProcessAsync(read.Report, key, cancellationToken);
                    break;
                case IgnoredReport ignored:
                    logger.LogInformation("Report {Key} ignored: {Reason}", key, ignored.Reason);
                    metrics.ReportIgnored(ignored.Kind.ToString());
                    problem = null;
                    break;
                case UnprocessableReport bad:
                    problem = bad.Reason;
                    break;
                default:
                    problem = "the parser gave no answer";
                    break;
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or StackExchange.Redis.RedisException or TimeoutException or IOException or ImapProtocolException or ImapCommandException))
        {
            // A bug must not stop the mailbox: the report waits aside, with the error, for a person.
            logger.LogError(e, "Report {Key} could not be processed", key);
            problem = $"the reader failed on it: {e.GetType().Name}: {e.Message}";
        }

        if (problem is not null)
        {
            await SetAsideAsync(folder, aside, uid, key, message, problem, cancellationToken);
            return;
        }

        await folder.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Keywords = { Imap.ProcessedKeyword }, Silent = true }, cancellationToken);
    }

    async Task SetAsideAsync(IMailFolder folder, IMailFolder aside, UniqueId uid, string key, MimeMessage? message, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Report {Key} set aside in {Folder}: {Reason}", key, aside.FullName, reason);
        metrics.ReportSetAside();
        await setAside.RecordAsync(new SetAsideReport(clock.GetUtcNow(), key, message?.From.Mailboxes.FirstOrDefault()?.Address, message?.Subject, reason, aside.FullName));
        await folder.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.None) { Keywords = { UnprocessableKeyword, Imap.ProcessedKeyword }, Silent = true }, cancellationToken);
        await folder.MoveToAsync(uid, aside, cancellationToken);
    }

    /// <summary>The folder, created level by level where missing (Queue.Unprocessable is Unprocessable under Queue where the separator is a dot).</summary>
    static async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            var folder = root;
            foreach (var level in name.Split(root.DirectorySeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    folder = await folder.GetSubfolderAsync(level, cancellationToken);
                }
                catch (FolderNotFoundException)
                {
                    folder = await folder.CreateAsync(level, isMessageFolder: true, cancellationToken)
                        ?? throw new InvalidOperationException($"the IMAP server did not create folder {name}");
                }
            }

            return folder;
        }
    }
}
