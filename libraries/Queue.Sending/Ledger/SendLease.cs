using Queue.Sending.Accounts;
using Queue.Sending.Composition;

namespace Queue.Sending.Ledger;

/// <summary>
/// How long a ledger claim on one send holds if its process dies: longer than that send could last, so no other
/// copy starts while this one may still reach the server, and no longer, so a copy of a small message whose
/// dispatcher died goes again after the worst case of its own send, not of the largest message's.
/// </summary>
public static class SendLease
{
    /// <summary>The ledger and quota round trips around the send, recording its outcome among them.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The worst case of sending <paramref name="mail"/> over <paramref name="route"/> once it has a connection
    /// (<see cref="SmtpTimeouts.MaxSendDuration"/> at <see cref="MessageSize.UpperBound"/>), plus <see cref="Margin"/>.
    /// </summary>
    public static TimeSpan For(OutgoingMail mail, SmtpRoute route) => route.Timeouts.MaxSendDuration(MessageSize.UpperBound(mail)) + Margin;
}
