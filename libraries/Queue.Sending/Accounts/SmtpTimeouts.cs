namespace Queue.Sending.Accounts;

/// <summary>
/// How long each phase of one submission may take, in place of one budget for all of it: a 25 MB upload and a
/// server that takes minutes to accept content (RFC 5321 §4.5.3.2 gives the final reply 10 minutes) need more time
/// than a dead connection should get before MAIL FROM.
/// </summary>
/// <param name="Connect">TCP connect, TLS, the greeting and EHLO of a new session.</param>
/// <param name="Command">
/// Each exchange before the content: the login, the envelope (MAIL FROM to the last RCPT reply; with PIPELINING
/// one round trip), DATA's 354.
/// </param>
/// <param name="DataBase">Writing the content: this much, plus the message's size at <paramref name="DataMinimumBytesPerSecond"/>.</param>
/// <param name="DataMinimumBytesPerSecond">The slowest upload tolerated; the content's time grows with its size at this rate.</param>
/// <param name="FinalReply">From the end of the content to the server's reply to it.</param>
public sealed record SmtpTimeouts(TimeSpan Connect, TimeSpan Command, TimeSpan DataBase, long DataMinimumBytesPerSecond, TimeSpan FinalReply)
{
    /// <summary>30 s to connect, 60 s per command, 60 s plus 50 kB/s for the content, 10 minutes for the final reply.</summary>
    public static SmtpTimeouts Default { get; } = new(
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 50_000, TimeSpan.FromMinutes(10));

    /// <summary>The time to write content of <paramref name="bytes"/> bytes.</summary>
    public TimeSpan Data(long bytes) => DataBase + TimeSpan.FromSeconds((double)Math.Max(bytes, 0) / DataMinimumBytesPerSecond);

    /// <summary>
    /// The longest one send of a message of <paramref name="bytes"/> bytes (as sent) can take once it has its
    /// connection slot: a reused session found closed at MAIL FROM (one command), then a new session (connect,
    /// login), the envelope, DATA, the content and the final reply. A lease on a send must outlast this.
    /// </summary>
    public TimeSpan MaxSendDuration(long bytes) => Connect + 4 * Command + Data(bytes) + FinalReply;
}
