namespace Queue.Sending.Accounts;

public enum SmtpSecurity
{
    /// <summary>STARTTLS is required; a server that does not offer it, or a bad certificate, fails the send.</summary>
    StartTls,

    /// <summary>Plain text, for a development sink on loopback only. Never for a real relay.</summary>
    None,

    /// <summary>TLS from the first byte (RFC 8314), as on port 465; the certificate is checked as for STARTTLS.</summary>
    ImplicitTls,
}
