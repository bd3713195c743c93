namespace Queue.Sending.Transport.Smtp;

/// <summary>How far the current transaction got: whether a failure can have left the message with the server.</summary>
public enum SmtpStage
{
    /// <summary>No transaction under way.</summary>
    Idle,

    /// <summary>MAIL FROM (and with pipelining the rest of the envelope) written, not yet accepted.</summary>
    EnvelopeSent,

    /// <summary>The server accepted MAIL FROM.</summary>
    MailAccepted,

    /// <summary>DATA written; the content has not started, so the server cannot have the message.</summary>
    DataSent,

    /// <summary>
    /// The content is being written or was written (BDAT goes out with its content): from here the server may
    /// have the message.
    /// </summary>
    ContentSent,
}
