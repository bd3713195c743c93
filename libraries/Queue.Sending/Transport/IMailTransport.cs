using Queue.Sending.Accounts;
using Queue.Sending.Composition;

namespace Queue.Sending.Transport;

/// <summary>Submits one message to an SMTP server. Implementations never throw for SMTP outcomes.</summary>
public interface IMailTransport
{
    Task<SendResult> SendAsync(OutgoingMail mail, SmtpRoute route, CancellationToken cancellationToken);
}
