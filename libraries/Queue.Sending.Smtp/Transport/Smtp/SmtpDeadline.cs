using Queue.Sending.Accounts;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// The timeout of one send, phase by phase: each phase entered restarts the clock with that phase's limit, so a
/// send may take connect + commands + content + final reply in all, never more than
/// <see cref="SmtpTimeouts.MaxSendDuration"/>. <see cref="Token"/> is cancelled when the current phase runs out
/// or the caller cancels.
/// </summary>
public sealed class SmtpDeadline : IDisposable
{
    readonly SmtpTimeouts timeouts;
    readonly CancellationTokenSource timer;
    readonly CancellationTokenSource? linked;

    public SmtpDeadline(SmtpTimeouts timeouts, TimeProvider clock, CancellationToken cancellationToken)
    {
        this.timeouts = timeouts;
        timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
        linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token) : null;
    }

    public CancellationToken Token => linked?.Token ?? timer.Token;

    /// <summary>The phase whose limit applies now.</summary>
    public SmtpPhase Phase { get; private set; }

    /// <summary>The limit of the current phase.</summary>
    public TimeSpan Limit { get; private set; }

    /// <summary>True once a phase ran out of time (not when the caller cancelled).</summary>
    public bool Expired => timer.IsCancellationRequested;

    /// <summary>
    /// Starts <paramref name="phase"/> with its full limit; <paramref name="bytes"/> is the content's size, which
    /// the time to write it grows with. A phase that already ran out stays expired.
    /// </summary>
    public void Enter(SmtpPhase phase, long bytes = 0)
    {
        if (timer.IsCancellationRequested)
        {
            return;
        }

        Phase = phase;
        Limit = Of(timeouts, phase, bytes);
        timer.CancelAfter(Limit);
    }

    public static TimeSpan Of(SmtpTimeouts timeouts, SmtpPhase phase, long bytes) => phase switch
    {
        SmtpPhase.Connect => timeouts.Connect,
        SmtpPhase.Command => timeouts.Command,
        SmtpPhase.Data => timeouts.Data(bytes),
        _ => timeouts.FinalReply,
    };

    public void Dispose()
    {
        linked?.Dispose();
        timer.Dispose();
    }
}
