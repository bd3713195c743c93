namespace Queue.Sending.Transport;

/// <summary>
/// What a failed send failed on, decided from the SMTP client's exception types and reply codes (never from reply
/// text): whether the message, its recipients or the session with the provider is at fault.
/// </summary>
public enum SendFailureKind
{
    /// <summary>Sent.</summary>
    None,

    /// <summary>
    /// The session, not this message: connection refused or lost before a transaction, TLS failure, greeting or
    /// EHLO refused, login refused (or its OAuth token not obtained), MAIL FROM refused for the account, a 421
    /// (the server closing: too many connections, shutting down). Every message of the route would fare the same.
    /// </summary>
    Session,

    /// <summary>This message: refused at DATA or after its content, too large, or not sendable as it is.</summary>
    Message,

    /// <summary>Every recipient was refused at RCPT TO; <see cref="SendResult.Refused"/> says how.</summary>
    AllRecipients,

    /// <summary>No complete answer within the route's timeout.</summary>
    Timeout,

    /// <summary>The connection broke during the transaction.</summary>
    ConnectionLost,
}
