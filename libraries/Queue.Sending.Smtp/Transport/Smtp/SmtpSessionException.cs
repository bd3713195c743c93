namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// The session could not be set up (connect, greeting, TLS, login): no transaction started, so the server has
/// nothing of the message. <see cref="Result"/> is the outcome to report.
/// </summary>
public sealed class SmtpSessionException(SendResult result) : Exception(result.Reply)
{
    public SendResult Result { get; } = result;
}
