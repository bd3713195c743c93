using Queue.Sending.Composition;
using Queue.Sending.Accounts;
using Queue.Sending.Transport;

namespace Queue.UnitTests.Dispatching.Fakes;

/// <summary>A transport that answers with <see cref="Answer"/> (a 250 by default) and records what it was given.</summary>
sealed class FakeMailTransport : IMailTransport
{
    public Func<OutgoingMail, SendResult> Answer { get; set; } = _ => new SendResult(SendStatus.Sent, "250 2.0.0 OK queued", [], MayHaveBeenCounted: true);

    public List<OutgoingMail> Sent { get; } = [];

    public Task<SendResult> SendAsync(OutgoingMail mail, SmtpRoute route, CancellationToken cancellationToken)
    {
        Sent.Add(mail);
        return Task.FromResult(Answer(mail));
    }
}
