namespace Queue.Sending.Transport.Smtp;

/// <summary>The part of a submission a timeout of <see cref="Accounts.SmtpTimeouts"/> bounds.</summary>
public enum SmtpPhase
{
    /// <summary>TCP connect, TLS, greeting and EHLO of a new session.</summary>
    Connect,

    /// <summary>An exchange before the content: login, envelope, DATA.</summary>
    Command,

    /// <summary>Writing the content.</summary>
    Data,

    /// <summary>Waiting for the server's reply to the whole content.</summary>
    FinalReply,
}
