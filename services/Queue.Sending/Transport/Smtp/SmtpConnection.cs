using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Queue.Sending.Accounts;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// One SMTP session (RFC 5321): EHLO (HELO if refused), STARTTLS (RFC 3207), AUTH PLAIN or LOGIN (RFC 4954),
/// then any number of mail transactions, pipelined (RFC 2920) when the server offers it, the content sent with
/// BDAT (RFC 3030) when it also offers CHUNKING. Not thread-safe: one transaction at a time, which the pool guarantees.
/// </summary>
public sealed class SmtpConnection : IAsyncDisposable, IDisposable
{
    // A buffer that grew for a large message is not kept for the next one.
    const int MaxKeptBuffer = 1024 * 1024;
    static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(2);

    readonly string host;
    readonly bool useChunking;

    // The TCP socket under the stream (null over a test stream): asked whether the server spoke unasked.
    readonly Socket? socket;
    Stream stream;
    SmtpReplyReader reader;
    ArrayBufferWriter<byte> output = new(4096);

    SmtpConnection(Stream stream, SmtpRoute route)
    {
        host = route.Host;
        useChunking = route.UseChunking;
        socket = (stream as NetworkStream)?.Socket;
        this.stream = stream;
        reader = new SmtpReplyReader(stream);
    }

    public SmtpCapabilities Capabilities { get; private set; } = SmtpCapabilities.None;

    /// <summary>False once a reply or a failure left the session in a state a next transaction cannot trust.</summary>
    public bool IsUsable { get; private set; } = true;

    public SmtpStage Stage { get; private set; }

    /// <summary>When the connection was last given back to its pool (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    internal long IdleSince { get; set; }

    /// <summary>Taken from the pool's idle connections rather than opened for this send.</summary>
    internal bool Reused { get; set; }

    /// <summary>Connects and sets the session up; throws <see cref="SmtpSessionException"/> when the server or the route refuses.</summary>
    public static async Task<SmtpConnection> OpenAsync(SmtpRoute route, X509Certificate2? trustedCertificate, CancellationToken cancellationToken)
    {
        // Each phase of a transaction is one write: nothing is gained by holding small segments back (Nagle).
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(route.Host, route.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return await OpenAsync(new NetworkStream(socket, ownsSocket: true), ClientName(socket), route, trustedCertificate, cancellationToken);
    }

    /// <summary>A session over a stream that is already connected to the server; the connection owns the stream.</summary>
    internal static async Task<SmtpConnection> OpenAsync(
        Stream stream, string clientName, SmtpRoute route, X509Certificate2? trustedCertificate, CancellationToken cancellationToken)
    {
        var connection = new SmtpConnection(stream, route);
        try
        {
            await connection.HandshakeAsync(route, clientName, trustedCertificate, cancellationToken);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    async Task HandshakeAsync(SmtpRoute route, string clientName, X509Certificate2? trustedCertificate, CancellationToken cancellationToken)
    {
        var greeting = await reader.ReadAsync(cancellationToken);
        if (greeting.Code != 220)
        {
            throw new SmtpSessionException($"{route.Host} refused the session: {greeting}", greeting);
        }

        await HelloAsync(clientName, cancellationToken);
        if (route.Security == SmtpSecurity.StartTls)
        {
            await StartTlsAsync(route.Host, trustedCertificate, cancellationToken);
            await HelloAsync(clientName, cancellationToken);
        }

        if (route.Credentials is { } credentials)
        {
            await AuthenticateAsync(route, credentials, cancellationToken);
        }
    }

    async Task HelloAsync(string clientName, CancellationToken cancellationToken)
    {
        var ehlo = await CommandAsync($"EHLO {clientName}", cancellationToken);
        if (ehlo.Code == 250)
        {
            Capabilities = SmtpCapabilities.Parse(ehlo);
            return;
        }

        // An RFC 821 server knows no EHLO: it has no extensions to offer either.
        var helo = await CommandAsync($"HELO {clientName}", cancellationToken);
        if (helo.Code != 250)
        {
            throw new SmtpSessionException($"{host} refused EHLO ({ehlo}) and HELO: {helo}", helo);
        }

        Capabilities = SmtpCapabilities.None;
    }

    async Task StartTlsAsync(string targetHost, X509Certificate2? trustedCertificate, CancellationToken cancellationToken)
    {
        if (!Capabilities.StartTls)
        {
            throw new SmtpSessionException($"{host} does not offer STARTTLS, which this route requires");
        }

        var reply = await CommandAsync("STARTTLS", cancellationToken);
        if (reply.Code != 220)
        {
            throw new SmtpSessionException($"{host} refused STARTTLS: {reply}", reply);
        }

        // Anything sent before the handshake could be an injected command (RFC 3207 §6, CVE-2011-0411).
        if (reader.Buffered > 0)
        {
            throw new SmtpProtocolException($"{host} sent data after its STARTTLS reply, before the TLS handshake");
        }

        var validation = new CertificateValidation(trustedCertificate);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false, validation.Validate);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = targetHost }, cancellationToken);
        }
        catch (AuthenticationException e)
        {
            await tls.DisposeAsync();
            throw new SmtpSessionException(validation.Problem is { } problem
                ? $"TLS with {host} refused: the server's certificate could not be verified ({problem})"
                : $"TLS with {host} failed: {e.Message}");
        }

        stream = tls;
        reader = new SmtpReplyReader(tls);
    }

    async Task AuthenticateAsync(SmtpRoute route, Accounts.SmtpCredentials credentials, CancellationToken cancellationToken)
    {
        var mechanisms = Capabilities.AuthMechanisms;
        if (mechanisms.Count == 0)
        {
            // A development sink takes mail without AUTH; a real relay that offers none after TLS is misconfigured.
            if (route.Security == SmtpSecurity.None)
            {
                return;
            }

            throw new SmtpSessionException($"{host} offers no AUTH, but this route has credentials for {credentials.UserName}");
        }

        SmtpReply reply;
        if (mechanisms.Contains("PLAIN"))
        {
            reply = await CommandAsync($"AUTH PLAIN {Base64($"\0{credentials.UserName}\0{credentials.Password}")}", cancellationToken);
        }
        else if (mechanisms.Contains("LOGIN"))
        {
            reply = await CommandAsync("AUTH LOGIN", cancellationToken);
            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(credentials.UserName), cancellationToken);
            }

            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(credentials.Password), cancellationToken);
            }
        }
        else
        {
            throw new SmtpSessionException($"{host} offers AUTH {string.Join(" ", mechanisms)}, none of which (PLAIN, LOGIN) this client speaks");
        }

        if (reply.Code != 235)
        {
            throw new SmtpSessionException($"{host} refused authentication as {credentials.UserName}: {reply}", reply);
        }
    }

    /// <summary>
    /// Submits one message: <paramref name="message"/> is the complete RFC 5322 message, not yet dot-stuffed. With
    /// PIPELINING and CHUNKING the envelope, BDAT LAST and the content go out in one write and their replies are
    /// read in order; with PIPELINING only, the envelope and DATA go in one write, the content in another; without,
    /// one command at a time. A failed transaction is reset (RSET) so the connection can carry the next.
    /// </summary>
    public async Task<SmtpTransaction> SendAsync(SmtpEnvelope envelope, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (Capabilities.MaxSize > 0 && message.Length > Capabilities.MaxSize)
        {
            return SmtpTransaction.RefusedBeforeMail(552, $"5.3.4 not sent: the message has {message.Length} bytes, more than the {Capabilities.MaxSize} {host} accepts (SIZE)");
        }

        var parameters = new StringBuilder();
        if (Capabilities.MaxSize > 0)
        {
            parameters.Append(" SIZE=").Append(message.Length);
        }

        if (message.Span.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
        {
            if (!Capabilities.EightBitMime)
            {
                return SmtpTransaction.RefusedBeforeMail(554, $"5.6.3 not sent: the message has 8-bit content and {host} does not offer 8BITMIME");
            }

            parameters.Append(" BODY=8BITMIME");
        }

        if (envelope.NeedsSmtpUtf8)
        {
            if (!Capabilities.SmtpUtf8)
            {
                return SmtpTransaction.RefusedBeforeMail(553, $"5.6.7 not sent: an address is internationalised and {host} does not offer SMTPUTF8");
            }

            parameters.Append(" SMTPUTF8");
        }

        ResetOutput();
        WriteCommand($"MAIL FROM:<{Path(envelope.From)}>{parameters}");
        if (useChunking && Capabilities is { Chunking: true, Pipelining: true } && !ServerSpokeUnasked())
        {
            return await SendChunkedAsync(envelope, message, cancellationToken);
        }

        var transaction = Capabilities.Pipelining
            ? await EnvelopePipelinedAsync(envelope, cancellationToken)
            : await EnvelopeInStepsAsync(envelope, cancellationToken);
        if (transaction.Data?.Code != 354 || transaction.Closing is not null)
        {
            return await FailedAsync(transaction, cancellationToken);
        }

        ResetOutput();
        DotStuffing.Write(message.Span, output);
        Stage = SmtpStage.ContentSent;
        await FlushAsync(cancellationToken);
        transaction = transaction with { Final = await reader.ReadAsync(cancellationToken) };
        if (transaction.Final.Code != 250)
        {
            return await FailedAsync(transaction, cancellationToken);
        }

        Stage = SmtpStage.Idle;
        return transaction;
    }

    /// <summary>
    /// RFC 3030 with RFC 2920: the envelope, BDAT LAST and the raw content (no dot-stuffing, no final ".") in one
    /// write, then the replies to MAIL, each RCPT and BDAT, in order. A server that refused MAIL or every RCPT
    /// still reads the announced bytes and refuses the BDAT (503/554), so the replies stay in step.
    /// </summary>
    async Task<SmtpTransaction> SendChunkedAsync(SmtpEnvelope envelope, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        WriteRecipients(envelope);
        WriteCommand($"BDAT {message.Length} LAST");
        output.Write(message.Span);

        // The content is in this very write: once it has started, the server may have the message.
        Stage = SmtpStage.ContentSent;
        await FlushAsync(cancellationToken);

        var transaction = await ReadEnvelopeRepliesAsync(envelope, cancellationToken);
        if (transaction.Closing is not null)
        {
            return await FailedAsync(transaction, cancellationToken);
        }

        transaction = transaction with { Final = await reader.ReadAsync(cancellationToken) };
        if (transaction.Final.Code != 250)
        {
            return await FailedAsync(transaction, cancellationToken);
        }

        Stage = SmtpStage.Idle;
        return transaction;
    }

    /// <summary>
    /// Whether the server sent anything since the last reply read: on an idle session that is a 421 before it
    /// closed, or the close itself. Such a session is not given the content in the envelope's write: the DATA
    /// path stops at the envelope's replies, where a dead reused session is still safe to retry on a fresh one.
    /// </summary>
    bool ServerSpokeUnasked()
    {
        try
        {
            return reader.Buffered > 0 || socket?.Poll(0, SelectMode.SelectRead) == true;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    async Task<SmtpTransaction> EnvelopePipelinedAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
    {
        WriteRecipients(envelope);
        WriteCommand("DATA");
        Stage = SmtpStage.EnvelopeSent;
        await FlushAsync(cancellationToken);

        var transaction = await ReadEnvelopeRepliesAsync(envelope, cancellationToken);
        if (transaction.Closing is not null)
        {
            return transaction;
        }

        var data = await reader.ReadAsync(cancellationToken);
        transaction = transaction with { Data = data };
        if (data.Code == 354 && (transaction.Mail.Code != 250 || !transaction.Recipients.Any(r => r.IsPositive)))
        {
            // A server that says 354 with no valid recipient gets an empty message ended at once (RFC 2920 §3.1).
            ResetOutput();
            output.Write(".\r\n"u8);
            await FlushAsync(cancellationToken);
            transaction = transaction with { Data = await reader.ReadAsync(cancellationToken) };
        }

        return transaction;
    }

    void WriteRecipients(SmtpEnvelope envelope)
    {
        foreach (var recipient in envelope.Recipients)
        {
            WriteCommand($"RCPT TO:<{Path(recipient)}>");
        }
    }

    /// <summary>The pipelined replies to MAIL and each RCPT, in order; a 421 ends the reading (the server is closing).</summary>
    async Task<SmtpTransaction> ReadEnvelopeRepliesAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
    {
        var mail = await reader.ReadAsync(cancellationToken);
        var recipients = new List<SmtpReply>(envelope.Recipients.Count);
        var transaction = new SmtpTransaction(mail, recipients, null, null);
        if (mail.Code == 421)
        {
            return transaction;
        }

        // With BDAT the content already went: the stage stays ContentSent.
        if (mail.Code == 250 && Stage == SmtpStage.EnvelopeSent)
        {
            Stage = SmtpStage.MailAccepted;
        }

        foreach (var _ in envelope.Recipients)
        {
            var reply = await reader.ReadAsync(cancellationToken);
            recipients.Add(reply);
            if (reply.Code == 421)
            {
                return transaction;
            }
        }

        return transaction;
    }

    async Task<SmtpTransaction> EnvelopeInStepsAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
    {
        Stage = SmtpStage.EnvelopeSent;
        await FlushAsync(cancellationToken);
        var mail = await reader.ReadAsync(cancellationToken);
        var recipients = new List<SmtpReply>(envelope.Recipients.Count);
        var transaction = new SmtpTransaction(mail, recipients, null, null);
        if (mail.Code != 250)
        {
            return transaction;
        }

        Stage = SmtpStage.MailAccepted;
        foreach (var recipient in envelope.Recipients)
        {
            var reply = await CommandAsync($"RCPT TO:<{Path(recipient)}>", cancellationToken);
            recipients.Add(reply);
            if (reply.Code == 421)
            {
                return transaction;
            }
        }

        return recipients.Any(r => r.IsPositive)
            ? transaction with { Data = await CommandAsync("DATA", cancellationToken) }
            : transaction;
    }

    /// <summary>
    /// Resets a failed transaction; a 421 or a failed RSET leaves the connection for closing. The server's refusal
    /// is the outcome either way: a server that refuses and hangs up must not turn a definite answer into a lost
    /// connection (which would be retried, and would hide a throttling reply).
    /// </summary>
    async Task<SmtpTransaction> FailedAsync(SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        if (transaction.Closing is not null)
        {
            IsUsable = false;
            return transaction;
        }

        try
        {
            var reset = await CommandAsync("RSET", cancellationToken);
            IsUsable = reset.Code == 250;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or SmtpProtocolException or ObjectDisposedException)
        {
            IsUsable = false;
        }

        Stage = SmtpStage.Idle;
        return transaction;
    }

    async Task<SmtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        ResetOutput();
        WriteCommand(command);
        await FlushAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken);
    }

    void WriteCommand(string command)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(command.Length) + 2);
        var written = Encoding.UTF8.GetBytes(command, span);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        output.Advance(written);
    }

    async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(output.WrittenMemory, cancellationToken);
        }
        catch
        {
            IsUsable = false;
            throw;
        }
    }

    void ResetOutput()
    {
        if (output.Capacity > MaxKeptBuffer)
        {
            output = new ArrayBufferWriter<byte>(4096);
        }

        output.ResetWrittenCount();
    }

    /// <summary>Addresses are validated upstream; this refuses again what could break out of the command.</summary>
    static string Path(string address) =>
        address.AsSpan().IndexOfAny("\r\n<> ") >= 0 ? throw new ArgumentException($"'{address}' cannot be an SMTP path", nameof(address)) : address;

    static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The address literal of our end: RFC 5321 accepts it where the client has no name of its own.</summary>
    static string ClientName(Socket socket) => socket.LocalEndPoint switch
    {
        IPEndPoint { Address: var address } when address.IsIPv4MappedToIPv6 => $"[{address.MapToIPv4()}]",
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6, Address: var address } => $"[IPv6:{address}]",
        IPEndPoint { Address: var address } => $"[{address}]",
        _ => "localhost",
    };

    /// <summary>Ends the session politely (QUIT) if it is in order, then closes; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsUsable && Stage == SmtpStage.Idle)
        {
            try
            {
                using var timeout = new CancellationTokenSource(QuitTimeout);
                await CommandAsync("QUIT", timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server may already have gone; the connection closes either way.
            }
        }

        Dispose();
    }

    /// <summary>Closes at once, without QUIT.</summary>
    public void Dispose()
    {
        IsUsable = false;
        stream.Dispose();
    }
}
