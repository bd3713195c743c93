namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// The session could not be set up (greeting, EHLO, STARTTLS, AUTH): no transaction started, so the server
/// has nothing of the message. <see cref="Reply"/> is the server's refusal, or null when the refusal is ours.
/// </summary>
public sealed class SmtpSessionException(string message, SmtpReply? reply = null) : Exception(message)
{
    public SmtpReply? Reply { get; } = reply;
}
