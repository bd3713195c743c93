using MailKit;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// MailKit's protocol logger, used only to see how far a transaction got: it is told of every client write once
/// the write has gone to the socket. It keeps nothing of what it sees (AUTH lines included).
/// </summary>
sealed class StageLogger : IProtocolLogger
{
    public SmtpStage Stage { get; set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void LogConnect(Uri uri)
    {
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        var written = buffer.AsSpan(offset, count);
        if (Stage == SmtpStage.DataSent)
        {
            // After DATA's 354 the next write is content; RSET or QUIT instead means DATA was refused.
            if (!written.StartsWith("RSET\r\n"u8) && !written.StartsWith("QUIT\r\n"u8))
            {
                Stage = SmtpStage.ContentSent;
            }
        }
        else if (written.StartsWith("MAIL FROM:"u8))
        {
            Stage = SmtpStage.EnvelopeSent;
        }
        else if (written.StartsWith("DATA\r\n"u8))
        {
            Stage = SmtpStage.DataSent;
        }
        else if (written.StartsWith("BDAT "u8))
        {
            // MailKit writes BDAT and the content together.
            Stage = SmtpStage.ContentSent;
        }
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
    }

    public void Dispose()
    {
    }
}
