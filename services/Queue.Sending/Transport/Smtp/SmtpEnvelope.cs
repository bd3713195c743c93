namespace Queue.Sending.Transport.Smtp;

/// <summary>The reverse path and forward paths of one transaction (MAIL FROM, RCPT TO).</summary>
public sealed record SmtpEnvelope(string From, IReadOnlyList<string> Recipients)
{
    /// <summary>Internationalised addresses travel only with SMTPUTF8 (RFC 6531).</summary>
    public bool NeedsSmtpUtf8 => !From.All(char.IsAscii) || Recipients.Any(r => !r.All(char.IsAscii));
}
