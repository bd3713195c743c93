namespace Queue.Sending.Transport;

/// <summary>
/// SMTP replies by which a provider says that the sending account itself hit its quota or is being slowed
/// down. They mean "pause this account", not "this message is bad": the message is kept.
/// </summary>
public static class ProviderThrottling
{
    static readonly (int Code, string Marker)[] Replies =
    [
        (550, "5.4.5"),                   // Gmail: daily user sending limit exceeded
        (421, "4.7.0"),                   // Gmail: temporary rate limit on unusual sending
        (421, "4.7.28"),                  // Gmail: rate limited for the sending IP or domain
        (450, "4.2.1"),                   // Gmail: the account is sending at a rate that prevents more
        (554, "SubmissionQuotaExceeded"), // Exchange Online: 5.2.0 submission quota exceeded
        (550, "5.1.90"),                  // Exchange Online: recipient rate limit of the account exceeded
        (554, "5.1.90"),
        (454, "Throttling"),              // Amazon SES: maximum sending rate exceeded
    ];

    public static bool IsThrottling(int code, string reply) =>
        Replies.Any(r => r.Code == code && reply.Contains(r.Marker, StringComparison.OrdinalIgnoreCase));
}
