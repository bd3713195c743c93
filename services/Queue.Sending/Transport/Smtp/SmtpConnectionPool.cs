using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Queue.Sending.Accounts;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// Open sessions to one route, at most <see cref="SmtpRoute.MaxConnections"/>. The most recently used idle
/// connection is reused first; one idle longer than <paramref name="idleLimit"/> is closed instead, since
/// servers drop idle sessions themselves (RFC 5321 §4.5.3.2.7 lets them after 5 minutes; many do sooner).
/// </summary>
public sealed class SmtpConnectionPool(SmtpRoute route, TimeProvider clock, TimeSpan idleLimit) : IAsyncDisposable
{
    readonly SemaphoreSlim slots = new(route.MaxConnections, route.MaxConnections);
    readonly ConcurrentStack<SmtpConnection> idle = new();
    readonly Lazy<X509Certificate2?> trustedCertificate = new(() =>
        route.TrustedCertificatePath is { } path ? X509CertificateLoader.LoadCertificateFromFile(path) : null);

    /// <summary>
    /// Waits for a free slot (bounded by <paramref name="wait"/>), then takes an idle connection or opens one
    /// (bounded by <paramref name="open"/>). Give it back with <see cref="Return"/> or <see cref="ReplaceAsync"/>.
    /// </summary>
    public async Task<SmtpConnection> RentAsync(CancellationToken wait, CancellationToken open)
    {
        await slots.WaitAsync(wait);
        try
        {
            while (idle.TryPop(out var connection))
            {
                if (clock.GetElapsedTime(connection.IdleSince) <= idleLimit)
                {
                    connection.Reused = true;
                    return connection;
                }

                _ = connection.DisposeAsync().AsTask();
            }

            return await SmtpConnection.OpenAsync(route, trustedCertificate.Value, open);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Closes a connection that turned out dead and opens a fresh one in its slot.</summary>
    public async Task<SmtpConnection> ReplaceAsync(SmtpConnection dead, CancellationToken open)
    {
        dead.Dispose();
        try
        {
            return await SmtpConnection.OpenAsync(route, trustedCertificate.Value, open);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Keeps the connection for the next send if its session is in order, else closes it.</summary>
    public void Return(SmtpConnection connection)
    {
        if (connection.IsUsable && connection.Stage == SmtpStage.Idle)
        {
            connection.IdleSince = clock.GetTimestamp();
            idle.Push(connection);
        }
        else
        {
            connection.Dispose();
        }

        slots.Release();
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryPop(out var connection))
        {
            await connection.DisposeAsync();
        }

        if (trustedCertificate.IsValueCreated)
        {
            trustedCertificate.Value?.Dispose();
        }
    }
}
