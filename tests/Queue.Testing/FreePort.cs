using System.Net;
using System.Net.Sockets;

namespace Queue.Testing;

public static class FreePort
{
    /// <summary>A loopback port free for both TCP and UDP (a DNS server takes both), learnt by binding and releasing.</summary>
    public static int Find()
    {
        while (true)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP by someone else: try another.
            }
        }
    }
}
