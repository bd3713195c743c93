using System.Net;
using System.Net.Sockets;

namespace Queue.IntegrationTests.Infrastructure;

static class ClosedPort
{
    /// <summary>A loopback port nothing listens on: bound once to learn a free number, then released.</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
