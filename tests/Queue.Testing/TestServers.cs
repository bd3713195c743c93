namespace Queue.Testing;

/// <summary>Where the servers started by scripts/servers.sh listen; overridable for another machine.</summary>
public static class TestServers
{
    public static string RabbitHost => Env("QUEUE_TEST_RABBITMQ_HOST", "localhost");

    public static int RabbitPort => int.Parse(Env("QUEUE_TEST_RABBITMQ_PORT", "5672"));

    public static Uri RabbitManagement => new(Env("QUEUE_TEST_RABBITMQ_MANAGEMENT", "http://127.0.0.1:15672/"));

    public static string Redis => Env("QUEUE_TEST_REDIS", "localhost:6379");

    public static string SmtpHost => Env("QUEUE_TEST_SMTP_HOST", "127.0.0.1");

    public static int SmtpPort => int.Parse(Env("QUEUE_TEST_SMTP_PORT", "1025"));

    public static Uri MaildevApi => new(Env("QUEUE_TEST_MAILDEV", "http://127.0.0.1:1080/"));

    /// <summary>The bounce mailbox's Dovecot (scripts/servers.sh): IMAP for Queue's reader, LMTP to deliver reports as an MTA would.</summary>
    public static string ImapHost => Env("QUEUE_TEST_IMAP_HOST", "127.0.0.1");

    public static int ImapPort => int.Parse(Env("QUEUE_TEST_IMAP_PORT", "10143"));

    public static int LmtpPort => int.Parse(Env("QUEUE_TEST_LMTP_PORT", "10024"));

    /// <summary>Any user logs in with it; scripts/servers.sh generates it into .run/dovecot/bounces.secret.</summary>
    public static string ImapPassword => Env("QUEUE_TEST_IMAP_PASSWORD", "") is { Length: > 0 } password ? password : SecretFile();

    static string SecretFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, ".run", "dovecot", "bounces.secret");
            if (File.Exists(file))
            {
                return File.ReadAllText(file).Trim();
            }
        }

        throw new InvalidOperationException("no Dovecot secret: run scripts/servers.sh, or set QUEUE_TEST_IMAP_PASSWORD");
    }

    /// <summary>A host's settings for the shared RabbitMQ and Redis, in a virtual host and key prefix of the test's own.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Connections(string virtualHost, string redisPrefix) =>
    [
        new("RabbitMq:Host", RabbitHost),
        new("RabbitMq:Port", RabbitPort.ToString()),
        new("RabbitMq:VirtualHost", virtualHost),
        new("Redis:Configuration", Redis),
        new("Redis:KeyPrefix", redisPrefix),
    ];

    /// <summary>A dispatcher's SMTP settings for the maildev sink (plain SMTP, no authentication).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> SmtpSink() =>
    [
        new("Mail:Smtp:Host", SmtpHost),
        new("Mail:Smtp:Port", SmtpPort.ToString()),
        new("Mail:Smtp:Security", "None"),
    ];

    /// <summary>
    /// Settings that keep a host a test builds away from a Queue running on this machine (scripts/run.sh: vhost "/",
    /// Redis prefix "queue", ports 5080/5081/5090), even when the test expects the host never to start: a virtual host
    /// that does not exist, a Redis prefix and a port of the test's own. A test's own settings go after these.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> OwnPlace()
    {
        var id = $"queue-test-{Guid.NewGuid():N}"[..23];
        return
        [
            new("Urls", "http://127.0.0.1:0"),
            new("RabbitMq:VirtualHost", id),
            new("Redis:KeyPrefix", id),
        ];
    }

    static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
