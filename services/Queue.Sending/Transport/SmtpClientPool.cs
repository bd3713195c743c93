using System.Collections.Concurrent;
using System.Net;
using System.Net.Mail;
using Queue.Sending.Accounts;

namespace Queue.Sending.Transport;

/// <summary>
/// Open SMTP connections to one route. A System.Net.Mail client sends one message at a time and keeps its
/// connection between sends, so each concurrent send rents a client of its own.
/// </summary>
sealed class SmtpClientPool(SmtpRoute route) : IDisposable
{
    readonly SemaphoreSlim slots = new(route.MaxConnections, route.MaxConnections);
    readonly ConcurrentBag<SmtpClient> idle = [];

    public async Task<SmtpClient> RentAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        return idle.TryTake(out var client) ? client : Create();
    }

    /// <summary>A client whose send failed may hold a broken connection: it is closed, not reused.</summary>
    public void Return(SmtpClient client, bool reusable)
    {
        if (reusable)
        {
            idle.Add(client);
        }
        else
        {
            client.Dispose();
        }

        slots.Release();
    }

    SmtpClient Create() => new()
    {
        Host = route.Host,
        Port = route.Port,
        EnableSsl = route.Security == SmtpSecurity.StartTls,
        DeliveryMethod = SmtpDeliveryMethod.Network,
        DeliveryFormat = SmtpDeliveryFormat.SevenBit,
        UseDefaultCredentials = false,
        Credentials = route.Credentials is { } c ? new NetworkCredential(c.UserName, c.Password) : null,
        Timeout = (int)route.Timeout.TotalMilliseconds,
    };

    public void Dispose()
    {
        while (idle.TryTake(out var client))
        {
            client.Dispose();
        }

        slots.Dispose();
    }
}
