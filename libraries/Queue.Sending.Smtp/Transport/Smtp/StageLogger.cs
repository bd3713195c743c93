using MailKit;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// MailKit's protocol logger, used only to see how far a transaction got and to move its <see cref="Deadline"/>
/// from phase to phase: it is told of every client write once the write has gone to the socket. It keeps nothing
/// of what it sees (AUTH lines included).
/// </summary>
sealed class StageLogger : IProtocolLogger
{
    /// <summary>Content written so far, the BDAT command line not included.</summary>
    long written;
    bool chunked;

    /// <summary>The last bytes of DATA's content so far: its end, <c>&lt;CRLF&gt;.&lt;CRLF&gt;</c>, may span two writes.</summary>
    readonly byte[] tail = new byte[5];

    public SmtpStage Stage { get; set; }

    /// <summary>The current send's timeouts, moved to the next phase as the transaction goes on.</summary>
    public SmtpDeadline? Deadline { get; set; }

    /// <summary>The content's size as sent (MailKit measures it for BDAT and SIZE), -1 until known.</summary>
    public long ContentSize { get; set; } = -1;

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void LogConnect(Uri uri)
    {
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        var write = buffer.AsSpan(offset, count);
        switch (Stage)
        {
            case SmtpStage.DataSent when !write.StartsWith("RSET\r\n"u8) && !write.StartsWith("QUIT\r\n"u8):
                // After DATA's 354 the next write is content; RSET or QUIT instead means DATA was refused.
                StartContent(chunked: false);
                Content(write);
                break;
            case SmtpStage.ContentSent:
                Content(write);
                break;
            case var _ when write.StartsWith("MAIL FROM:"u8):
                Stage = SmtpStage.EnvelopeSent;
                Deadline?.Enter(SmtpPhase.Command);
                break;
            case var _ when write.StartsWith("DATA\r\n"u8):
                Stage = SmtpStage.DataSent;
                Deadline?.Enter(SmtpPhase.Command);
                break;
            case var _ when write.StartsWith("BDAT "u8):
                // MailKit writes BDAT and the content together.
                StartContent(chunked: true);
                Content(write[(write.IndexOf("\r\n"u8) + 2)..]);
                break;
        }
    }

    void StartContent(bool chunked)
    {
        Stage = SmtpStage.ContentSent;
        this.chunked = chunked;
        written = 0;
        Array.Clear(tail);
        Deadline?.Enter(SmtpPhase.Data, Math.Max(ContentSize, 0));
    }

    /// <summary>Once the whole content is out, the wait for the server's final reply has its own limit.</summary>
    void Content(ReadOnlySpan<byte> write)
    {
        if (Deadline is not { Phase: SmtpPhase.Data } deadline)
        {
            return;
        }

        written += write.Length;

        // BDAT's content is exactly its announced size; DATA's ends with <CRLF>.<CRLF>, which dot-stuffed content never holds.
        var complete = chunked ? ContentSize >= 0 && written >= ContentSize : EndsData(write);
        if (complete)
        {
            deadline.Enter(SmtpPhase.FinalReply);
        }
    }

    bool EndsData(ReadOnlySpan<byte> write)
    {
        if (write.Length >= tail.Length)
        {
            write[^tail.Length..].CopyTo(tail);
        }
        else
        {
            tail.AsSpan(write.Length).CopyTo(tail);
            write.CopyTo(tail.AsSpan(tail.Length - write.Length));
        }

        return tail.AsSpan().SequenceEqual("\r\n.\r\n"u8);
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
    }

    public void Dispose()
    {
    }
}
