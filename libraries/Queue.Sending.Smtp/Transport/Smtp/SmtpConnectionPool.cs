using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Queue.Sending.Accounts;
using Queue.Sending.Transport.OAuth;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// Open sessions to one route, at most <see cref="SmtpRoute.MaxConnections"/>. The most recently used idle
/// connection is reused first; one idle longer than <paramref name="idleLimit"/> is closed instead, since
/// servers drop idle sessions themselves (RFC 5321 §4.5.3.2.7 lets them after 5 minutes; many do sooner).
/// </summary>
public sealed class SmtpConnectionPool(SmtpRoute route, TimeProvider clock, TimeSpan idleLimit, SmtpLogin login) : IAsyncDisposable
{
    readonly SemaphoreSlim slots = new(route.MaxConnections, route.MaxConnections);
    readonly ConcurrentStack<PooledSmtpClient> idle = new();
    readonly Lazy<X509Certificate2?> trustedCertificate = new(() =>
        route.TrustedCertificatePath is { } path ? X509CertificateLoader.LoadCertificateFromFile(path) : null);

    /// <summary>
    /// Waits for a free slot (bounded by <paramref name="wait"/>), then takes an idle connection or opens one
    /// (bounded by <paramref name="deadline"/>: connect, then login). Give it back with <see cref="Return"/> or
    /// <see cref="ReplaceAsync"/>.
    /// </summary>
    /// <exception cref="SmtpSessionException">The session could not be set up.</exception>
    public async Task<PooledSmtpClient> RentAsync(CancellationToken wait, SmtpDeadline deadline)
    {
        await slots.WaitAsync(wait);
        try
        {
            while (idle.TryPop(out var client))
            {
                if (client.IsConnected && clock.GetElapsedTime(client.IdleSince) <= idleLimit)
                {
                    client.Reused = true;
                    return client;
                }

                _ = CloseAsync(client);
            }

            return await OpenAsync(deadline);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Closes a connection that turned out dead and opens a fresh one in its slot.</summary>
    public async Task<PooledSmtpClient> ReplaceAsync(PooledSmtpClient dead, SmtpDeadline deadline)
    {
        dead.Dispose();
        try
        {
            return await OpenAsync(deadline);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Keeps the connection for the next send if its session is in order, else closes it.</summary>
    public void Return(PooledSmtpClient client)
    {
        if (client is { IsConnected: true, IsUsable: true })
        {
            client.IdleSince = clock.GetTimestamp();
            idle.Push(client);
        }
        else
        {
            client.Dispose();
        }

        slots.Release();
    }

    async Task<PooledSmtpClient> OpenAsync(SmtpDeadline deadline)
    {
        var validation = new CertificateValidation(trustedCertificate.Value);
        var client = new PooledSmtpClient(route.UseChunking)
        {
            // Every operation is bounded by the deadline of its phase; MailKit's own timer per read and write would only add cost.
            Timeout = Timeout.Infinite,
            ServerCertificateValidationCallback = validation.Validate,

            // As the platform's own TLS does by default; the chain and the host name are checked in full.
            CheckCertificateRevocation = false,
        };
        try
        {
            var security = route.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.ImplicitTls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            deadline.Enter(SmtpPhase.Connect);
            await client.ConnectAsync(route.Host, route.Port, security, deadline.Token);
            if (route.Credentials is { } credentials)
            {
                deadline.Enter(SmtpPhase.Command);
                await login.AuthenticateAsync(client, route, credentials, deadline.Token);
            }

            return client;
        }
        catch (Exception e) when (SessionFailure(e, validation) is { } failure)
        {
            client.Dispose();
            throw new SmtpSessionException(failure);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Why the session could not be set up, as a result: nothing reached the server, nothing is counted.</summary>
    SendResult? SessionFailure(Exception e, CertificateValidation validation) => e switch
    {
        SmtpCommandException command => Session(Status(command.StatusCode), $"{route.Host} refused the session: {PooledSmtpClient.Reply(command.StatusCode, command.Message)}")
            with { Throttled = ProviderThrottling.IsThrottling((int)command.StatusCode, command.Message) },
        SslHandshakeException when validation.Problem is { } problem =>
            Session(SendStatus.TransientFailure, $"TLS with {route.Host} refused: the server's certificate could not be verified ({problem})"),
        SslHandshakeException tls => Session(SendStatus.TransientFailure, $"TLS with {route.Host} failed: {tls.InnerException?.Message ?? tls.Message}"),
        AuthenticationException refused => Session(SmtpLogin.Status(refused), $"{route.Host} refused authentication as {route.Credentials?.UserName}: {refused.Message}"),
        OAuthTokenException token => Session(SendStatus.TransientFailure, token.Message),
        NotSupportedException unsupported => Session(SendStatus.TransientFailure, $"{route.Host}: {unsupported.Message}"),
        SocketException or IOException or SmtpProtocolException => Session(SendStatus.TransientFailure, $"connection failed: {e.Message}") with { Unreachable = true },
        _ => null,
    };

    static SendResult Session(SendStatus status, string reply) =>
        new(status, reply, [], MayHaveBeenCounted: false) { Kind = SendFailureKind.Session };

    static SendStatus Status(SmtpStatusCode code) => (int)code is >= 500 and < 600 ? SendStatus.PermanentFailure : SendStatus.TransientFailure;

    static async Task CloseAsync(PooledSmtpClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ServiceNotConnectedException or SmtpProtocolException or ObjectDisposedException)
        {
            // The server may already have gone; the connection closes either way.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryPop(out var client))
        {
            await CloseAsync(client);
        }

        if (trustedCertificate.IsValueCreated)
        {
            trustedCertificate.Value?.Dispose();
        }
    }
}
