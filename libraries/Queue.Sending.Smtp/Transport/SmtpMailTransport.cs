using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Transport.OAuth;
using Queue.Sending.Transport.Smtp;
using Queue.Sending.Validation;

namespace Queue.Sending.Transport;

/// <summary>
/// Submits mail with MailKit's SMTP client: a pool of sessions per route, pipelined envelopes, BDAT when offered,
/// DSN requested when offered, the server's own final reply (with its queue id) in <see cref="SendResult.Reply"/>.
/// How far a failed transaction got decides whether the provider may have counted the message.
/// </summary>
public sealed class SmtpMailTransport(TimeProvider clock, OAuthTokenSources tokens, DkimSigning dkim) : IMailTransport, IAsyncDisposable, IDisposable
{
    /// <summary>Idle sessions older than this are closed rather than reused: servers drop them at their own pace.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<SmtpRoute, SmtpConnectionPool> pools = new();
    readonly SmtpLogin login = new(tokens);

    public SmtpMailTransport(TimeProvider clock)
        : this(clock, new OAuthTokenSources(clock))
    {
    }

    public SmtpMailTransport(TimeProvider clock, OAuthTokenSources tokens)
        : this(clock, tokens, DkimSigning.None)
    {
    }

    public async Task<SendResult> SendAsync(OutgoingMail mail, SmtpRoute route, CancellationToken cancellationToken)
    {
        // The rule validation applied, checked again where the envelope is written: nothing else reaches the wire.
        if (mail.Recipients.Prepend(mail.From).FirstOrDefault(m => !SmtpPath.IsValid(m.Address)) is { } unfit)
        {
            return new SendResult(SendStatus.PermanentFailure, $"not sent: '{unfit.Address}' cannot be an SMTP path", [], MayHaveBeenCounted: false)
            {
                Kind = SendFailureKind.Message,
            };
        }

        MimeMessage message;
        try
        {
            message = MimeMessageBuilder.Build(mail);
            dkim.Sign(message, mail.From.Domain);
        }
        catch (ArgumentException e)
        {
            return new SendResult(SendStatus.PermanentFailure, $"not sent: {e.Message}", [], MayHaveBeenCounted: false) { Kind = SendFailureKind.Message };
        }

        var sender = MimeMessageBuilder.Address(mail.From with { DisplayName = null });
        var recipients = mail.Recipients.Select(r => MimeMessageBuilder.Address(r with { DisplayName = null })).ToList();
        return await SubmitAsync(message, sender, recipients, mail.RequestId.ToString(), route, cancellationToken);
    }

    async Task<SendResult> SubmitAsync(
        MimeMessage message, MailboxAddress sender, List<MailboxAddress> recipients, string envelopeId, SmtpRoute route, CancellationToken cancellationToken)
    {
        var pool = pools.GetOrAdd(route, r => new SmtpConnectionPool(r, clock, IdleLimit, login));
        using var deadline = new SmtpDeadline(route.Timeouts, clock, cancellationToken);
        PooledSmtpClient? client = null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                client = client is null
                    ? await pool.RentAsync(cancellationToken, deadline)
                    : await pool.ReplaceAsync(client, deadline);
            }
            catch (SmtpSessionException e)
            {
                return e.Result;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return TimedOut(route, SmtpStage.Idle, deadline);
            }

            // A reused session the server has meanwhile closed fails before MAIL FROM is accepted: nothing was
            // submitted, so one fresh session may try again.
            var mayRetry = client.Reused && attempt == 0;
            client.BeginTransaction(envelopeId, deadline);
            deadline.Enter(SmtpPhase.Command);
            try
            {
                var final = client.MeasuresContent
                    ? await client.SendAsync(FormatOptions.Default, message, sender, recipients, deadline.Token)
                    : await client.SendAsync(FormatOptions.Default, message, sender, recipients, deadline.Token, MeasureOnly.Instance);
                pool.Return(client);
                return SendResult.Sent(PooledSmtpClient.Reply(SmtpStatusCode.Ok, final), client.Refused.ToList());
            }
            catch (Exception e) when (mayRetry && client.Stage < SmtpStage.MailAccepted && !deadline.Expired && IsClosed(e))
            {
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && Outcome(e, client, recipients.Count, route, deadline) is { } result)
            {
                if (result.Kind == SendFailureKind.Session)
                {
                    client.Abandon();
                }

                pool.Return(client);
                return result;
            }
            catch
            {
                pool.Return(client);
                throw;
            }
        }
    }

    /// <summary>The server closed the session: the connection broke, or it said so (421).</summary>
    static bool IsClosed(Exception e) =>
        e is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException
        || e is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

    /// <summary>What a failed transaction means, from how far it got; null for an exception that is a bug, not an outcome.</summary>
    static SendResult? Outcome(Exception e, PooledSmtpClient client, int recipients, SmtpRoute route, SmtpDeadline deadline)
    {
        var contentSent = client.Stage == SmtpStage.ContentSent;
        switch (e)
        {
            case SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted, StatusCode: not SmtpStatusCode.ServiceNotAvailable }
                when client.Refused.Count == recipients:
                var refused = client.Refused.ToList();
                return new SendResult(refused.Any(r => r.ForNow) ? SendStatus.TransientFailure : SendStatus.PermanentFailure,
                    string.Join("; ", refused.Select(r => $"{r.Refusal.Address}: {r.Refusal.SmtpReply}")), refused, MayHaveBeenCounted: false)
                {
                    Kind = SendFailureKind.AllRecipients,
                    Throttled = refused.Any(r => ProviderThrottling.IsThrottling(r.Code, r.Refusal.SmtpReply)),
                };

            case SmtpCommandException command:
                var code = (int)command.StatusCode;
                // MAIL FROM refused is about the account, unless it refused this message's size (552) or parameters (555).
                var kind = code == 421 ? SendFailureKind.Session
                    : command.ErrorCode == SmtpErrorCode.SenderNotAccepted && code is not (552 or 555) ? SendFailureKind.Session
                    : SendFailureKind.Message;
                return new SendResult(code is >= 500 and < 600 ? SendStatus.PermanentFailure : SendStatus.TransientFailure,
                    PooledSmtpClient.Reply(command.StatusCode, command.Message), client.Refused.ToList(), MayHaveBeenCounted: contentSent)
                {
                    Kind = kind,
                    Throttled = ProviderThrottling.IsThrottling(code, command.Message),
                };

            case ServiceNotAuthenticatedException notAuthenticated:
                return new SendResult(SendStatus.TransientFailure, $"{route.Host} asks for authentication: {notAuthenticated.Message}", [], MayHaveBeenCounted: false)
                {
                    Kind = SendFailureKind.Session,
                };

            case OperationCanceledException or TimeoutException:
                return TimedOut(route, client.Stage, deadline);

            // Dropped before the server accepted the sender: nothing of this message was judged, so it is the session
            // that failed (a server restarting, a relay cutting connections), and the lane holds instead of spending an attempt.
            case IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException when client.Stage < SmtpStage.MailAccepted:
                return new SendResult(SendStatus.TransientFailure, $"connection lost before {route.Host} accepted the sender: {e.Message}", [], MayHaveBeenCounted: false)
                {
                    Kind = SendFailureKind.Session,
                };

            case IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException:
                return new SendResult(SendStatus.TransientFailure, $"connection lost: {e.Message}", [], MayHaveBeenCounted: contentSent)
                {
                    Kind = SendFailureKind.ConnectionLost,
                    Unanswered = contentSent,
                };

            default:
                return null;
        }
    }

    /// <summary>No complete answer in time: once the content went, the server may have the message (in doubt).</summary>
    static SendResult TimedOut(SmtpRoute route, SmtpStage stage, SmtpDeadline deadline) =>
        new(SendStatus.TransientFailure, $"no complete answer from {route.Host}:{route.Port} within {deadline.Limit.TotalSeconds:0.###} s ({Describe(deadline.Phase)})", [],
            MayHaveBeenCounted: stage == SmtpStage.ContentSent)
        {
            Kind = SendFailureKind.Timeout,
            Unanswered = stage == SmtpStage.ContentSent,
        };

    static string Describe(SmtpPhase phase) => phase switch
    {
        SmtpPhase.Connect => "connecting",
        SmtpPhase.Command => "a command",
        SmtpPhase.Data => "writing the content",
        _ => "the final reply after the content",
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in pools.Values)
        {
            await pool.DisposeAsync();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
