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

    /// <summary>
    /// The content is being written or was written (with BDAT in the envelope's own write): from here the server
    /// may have the message.
    /// </summary>
    ContentSent,
}
