using MimeKit;

namespace Queue.Testing;

/// <summary>
/// Realistic bounce mailbox messages (Bounces/*.eml, embedded in this assembly) made for one sent message: the placeholders
/// {{SENDER}}, {{RECIPIENT}}, {{RECIPIENT_LOCAL}}, {{REQUEST_N}} (32 hex digits), {{REQUEST_D}} and {{NONCE}}
/// (unique per copy, so each is a report of its own) are filled in.
/// </summary>
public static class BounceFixtures
{
    public static readonly string[] All =
    [
        "gmail-address-not-found", "exchange-recipient-not-found", "postfix-dsn", "mailbox-full", "policy-blocklisted", "sender-quota",
        "exchange-legacy-text", "out-of-office", "arf-complaint", "unknown-mail", "malformed-report",
    ];

    public static string Text(string name, Guid requestId, string sender, string recipient) =>
        Read(name)
            .Replace("{{SENDER}}", sender).Replace("{{RECIPIENT_LOCAL}}", recipient.Split('@')[0]).Replace("{{RECIPIENT}}", recipient)
            .Replace("{{REQUEST_N}}", requestId.ToString("N")).Replace("{{REQUEST_D}}", requestId.ToString("D"))
            .Replace("{{NONCE}}", Guid.NewGuid().ToString("N")[..12])
            .ReplaceLineEndings("\r\n");

    static string Read(string name)
    {
        using var stream = typeof(BounceFixtures).Assembly.GetManifestResourceStream($"Bounces/{name}.eml")
            ?? throw new ArgumentException($"no bounce fixture named {name}", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static MimeMessage Message(string name, Guid requestId, string sender, string recipient)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Text(name, requestId, sender, recipient)));
        return MimeMessage.Load(stream);
    }
}
