namespace Queue.IntegrationTests.Infrastructure;

/// <summary>Where the servers started by scripts/servers.sh listen; overridable for another machine.</summary>
static class TestServers
{
    public static string RabbitHost => Env("QUEUE_TEST_RABBITMQ_HOST", "localhost");

    public static int RabbitPort => int.Parse(Env("QUEUE_TEST_RABBITMQ_PORT", "5672"));

    public static Uri RabbitManagement => new(Env("QUEUE_TEST_RABBITMQ_MANAGEMENT", "http://127.0.0.1:15672/"));

    public static string Redis => Env("QUEUE_TEST_REDIS", "localhost:6379");

    public static string SmtpHost => Env("QUEUE_TEST_SMTP_HOST", "127.0.0.1");

    public static int SmtpPort => int.Parse(Env("QUEUE_TEST_SMTP_PORT", "1025"));

    public static Uri MaildevApi => new(Env("QUEUE_TEST_MAILDEV", "http://127.0.0.1:1080/"));

    static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
