using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Queue.Contracts;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Transport.Mime;
using Queue.Sending.Transport.Smtp;

namespace Queue.Sending.Transport;

/// <summary>
/// Submits mail with Queue's own SMTP client: a pool of sessions per route, pipelined transactions (BDAT when
/// offered), the server's own final reply (with its queue id) in <see cref="SendResult.Reply"/>.
/// </summary>
public sealed class SmtpMailTransport(TimeProvider clock) : IMailTransport, IAsyncDisposable, IDisposable
{
    /// <summary>Idle sessions older than this are closed rather than reused: servers drop them at their own pace.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    // A buffer that grew for a large message is not kept for the next one.
    const int MaxKeptBuffer = 1024 * 1024;

    readonly ConcurrentDictionary<SmtpRoute, SmtpConnectionPool> pools = new();
    readonly ConcurrentBag<ArrayBufferWriter<byte>> buffers = [];

    public async Task<SendResult> SendAsync(OutgoingMail mail, SmtpRoute route, CancellationToken cancellationToken)
    {
        var buffer = buffers.TryTake(out var kept) ? kept : new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            try
            {
                MimeMessageWriter.Write(mail, buffer);
            }
            catch (ArgumentException e)
            {
                return new SendResult(SendStatus.PermanentFailure, $"not sent: {e.Message}", [], MayHaveBeenCounted: false);
            }

            var envelope = new SmtpEnvelope(mail.From.Address, mail.Recipients.Select(r => r.Address).ToList());
            return await SubmitAsync(envelope, buffer.WrittenMemory, route, cancellationToken);
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= MaxKeptBuffer)
            {
                buffers.Add(buffer);
            }
        }
    }

    async Task<SendResult> SubmitAsync(SmtpEnvelope envelope, ReadOnlyMemory<byte> message, SmtpRoute route, CancellationToken cancellationToken)
    {
        var pool = pools.GetOrAdd(route, r => new SmtpConnectionPool(r, clock, IdleLimit));
        using var deadline = new CancellationTokenSource(route.Timeout, clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        SmtpConnection? connection = null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                connection = connection is null
                    ? await pool.RentAsync(cancellationToken, timeout.Token)
                    : await pool.ReplaceAsync(connection, timeout.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && SessionFailure(e, route) is { } failure)
            {
                return failure;
            }

            // A reused session the server has meanwhile closed fails before MAIL FROM is accepted: nothing was
            // submitted, so one fresh session may try again.
            var mayRetry = connection.Reused && attempt == 0;
            try
            {
                var transaction = await connection.SendAsync(envelope, message, timeout.Token);
                if (transaction.Mail.Code == 421 && mayRetry)
                {
                    continue;
                }

                pool.Return(connection);
                return Outcome(transaction, envelope);
            }
            catch (IOException) when (mayRetry && connection.Stage < SmtpStage.MailAccepted)
            {
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or SocketException or OperationCanceledException)
            {
                var stage = connection.Stage;
                pool.Return(connection);
                var result = e is OperationCanceledException
                    ? TimedOut(route)
                    : new SendResult(SendStatus.TransientFailure, $"connection lost: {e.Message}", [], MayHaveBeenCounted: stage == SmtpStage.ContentSent);
                return result with { Unanswered = stage == SmtpStage.ContentSent };
            }
            catch
            {
                pool.Return(connection);
                throw;
            }
        }
    }

    static SendResult Outcome(SmtpTransaction transaction, SmtpEnvelope envelope)
    {
        if (transaction.Closing is { } closing)
        {
            return Failure(closing, counted: transaction.Final is not null);
        }

        if (transaction.Mail.Code != 250)
        {
            return Failure(transaction.Mail, counted: false);
        }

        var refused = transaction.Recipients
            .Select((reply, i) => (reply, address: envelope.Recipients[i]))
            .Where(r => !r.reply.IsPositive)
            .ToList();
        var refusals = refused.Select(r => new RecipientRefusal { Address = r.address, SmtpReply = r.reply.ToString() }).ToList();
        if (refused.Count == envelope.Recipients.Count)
        {
            var transient = refused.Any(r => r.reply.IsTransient);
            return new SendResult(transient ? SendStatus.TransientFailure : SendStatus.PermanentFailure,
                string.Join("; ", refusals.Select(r => $"{r.Address}: {r.SmtpReply}")), refusals, MayHaveBeenCounted: false)
            {
                Throttled = refused.Any(r => ProviderThrottling.IsThrottling(r.reply.Code, r.reply.ToString())),
            };
        }

        // No reply to content means none was sent: DATA was refused (with BDAT the content always goes).
        if (transaction.Final is not { } final)
        {
            return Failure(transaction.Data ?? transaction.Mail, counted: false);
        }

        return final.Code == 250 ? SendResult.Sent(final.ToString(), refusals) : Failure(final, counted: true);
    }

    static SendResult Failure(SmtpReply reply, bool counted) =>
        new(reply.IsTransient ? SendStatus.TransientFailure : SendStatus.PermanentFailure, reply.ToString(), [], counted)
        {
            Throttled = ProviderThrottling.IsThrottling(reply.Code, reply.ToString()),
        };

    /// <summary>The session could not be set up: the server has nothing of the message.</summary>
    static SendResult? SessionFailure(Exception e, SmtpRoute route) => e switch
    {
        SmtpSessionException { Reply: { } reply } session => new SendResult(
            reply.Code is >= 500 and < 600 ? SendStatus.PermanentFailure : SendStatus.TransientFailure, session.Message, [], false)
        {
            Throttled = ProviderThrottling.IsThrottling(reply.Code, reply.ToString()),
        },
        SmtpSessionException session => new SendResult(SendStatus.TransientFailure, session.Message, [], false),
        OperationCanceledException => TimedOut(route) with { MayHaveBeenCounted = false },
        IOException or SocketException => new SendResult(SendStatus.TransientFailure, $"connection failed: {e.Message}", [], false),
        _ => null,
    };

    static SendResult TimedOut(SmtpRoute route) =>
        new(SendStatus.TransientFailure, $"no complete answer from {route.Host}:{route.Port} within {route.Timeout.TotalSeconds:0} s", [], MayHaveBeenCounted: true);

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in pools.Values)
        {
            await pool.DisposeAsync();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
