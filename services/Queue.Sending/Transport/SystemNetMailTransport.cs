using System.Collections.Concurrent;
using System.Net.Mail;
using System.Net.Sockets;
using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;

namespace Queue.Sending.Transport;

/// <summary>
/// SMTP submission with System.Net.Mail (MailKit is not obtainable here). It does STARTTLS with certificate
/// validation, AUTH and connection reuse; it does not expose the server's final reply text, so a success is
/// reported as <c>250</c> without the server's queue id.
/// </summary>
public sealed class SystemNetMailTransport : IMailTransport, IDisposable
{
    readonly ConcurrentDictionary<SmtpRoute, SmtpClientPool> pools = new();

    public async Task<SendResult> SendAsync(OutgoingMail mail, SmtpRoute route, CancellationToken cancellationToken)
    {
        var pool = pools.GetOrAdd(route, r => new SmtpClientPool(r));
        using var message = MailMessageFactory.Create(mail);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(route.Timeout);

        var client = await pool.RentAsync(cancellationToken);
        var reusable = false;
        try
        {
            await client.SendMailAsync(message, timeout.Token);
            NagleSwitch.Disable(client);
            reusable = true;
            return SendResult.Sent("250 message accepted");
        }
        catch (SmtpFailedRecipientsException e)
        {
            return RecipientsRefused(e.InnerExceptions, mail);
        }
        catch (SmtpFailedRecipientException e)
        {
            return RecipientsRefused([e], mail);
        }
        catch (SmtpException e) when (IsTimeout(e))
        {
            return TimedOut(route);
        }
        catch (SmtpException e)
        {
            return Classify(e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut(route);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
        {
            return new SendResult(SendStatus.TransientFailure, $"{e.GetType().Name}: {e.Message}", [], MayHaveBeenCounted: true);
        }
        finally
        {
            pool.Return(client, reusable);
        }
    }

    /// <summary>System.Net.Mail sends DATA when at least one recipient was accepted, then reports the refused.</summary>
    static SendResult RecipientsRefused(IReadOnlyList<SmtpFailedRecipientException> failures, OutgoingMail mail)
    {
        var refused = failures
            .Select(f => new RecipientRefusal { Address = (f.FailedRecipient ?? "").Trim('<', '>', ' '), SmtpReply = Reply(f) })
            .ToList();
        if (refused.Count < mail.Recipients.Count())
        {
            return SendResult.Sent("250 message accepted for the other recipients", refused);
        }

        var transient = failures.Any(f => IsTransient(f.StatusCode));
        var reply = string.Join("; ", refused.Select(r => $"{r.Address}: {r.SmtpReply}"));
        return new SendResult(transient ? SendStatus.TransientFailure : SendStatus.PermanentFailure, reply, refused, MayHaveBeenCounted: false)
        {
            Throttled = failures.Any(f => ProviderThrottling.IsThrottling((int)f.StatusCode, f.Message)),
        };
    }

    static SendResult Classify(SmtpException e)
    {
        var noConnection = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable };
        if (e.StatusCode == SmtpStatusCode.GeneralFailure || e.InnerException is IOException or SocketException)
        {
            return new SendResult(SendStatus.TransientFailure, $"connection failed: {Inner(e).Message}", [], MayHaveBeenCounted: !noConnection);
        }

        var status = IsTransient(e.StatusCode) ? SendStatus.TransientFailure : SendStatus.PermanentFailure;
        return new SendResult(status, Reply(e), [], MayHaveBeenCounted: true) { Throttled = ProviderThrottling.IsThrottling((int)e.StatusCode, e.Message) };
    }

    /// <summary>A timeout may strike after DATA: the provider may have the message, so it counts.</summary>
    static SendResult TimedOut(SmtpRoute route) =>
        new(SendStatus.TransientFailure, $"no complete answer from {route.Host}:{route.Port} within {route.Timeout.TotalSeconds:0} s", [], MayHaveBeenCounted: true);

    static bool IsTimeout(SmtpException e) =>
        Inner(e) is TimeoutException || (Inner(e) is IOException io && io.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase))
        || e.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase);

    static bool IsTransient(SmtpStatusCode code) => (int)code is >= 400 and < 500;

    static string Reply(SmtpException e) => $"{(int)e.StatusCode} {e.Message}";

    static Exception Inner(Exception e) => e.InnerException is null ? e : Inner(e.InnerException);

    public void Dispose()
    {
        foreach (var pool in pools.Values)
        {
            pool.Dispose();
        }
    }
}
