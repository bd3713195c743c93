namespace Queue.Sending.Transport.Smtp;

/// <summary>The peer broke the protocol (not an SMTP reply, too long): the connection cannot be trusted further.</summary>
public sealed class SmtpProtocolException(string message) : IOException(message);
