using System.Net;
using System.Net.Sockets;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>A "DNS server" that reads every query and never answers: the timeout case, without waiting on the network.</summary>
sealed class SilentDnsServer : IDisposable
{
    readonly UdpClient socket;
    readonly CancellationTokenSource stop = new();
    int received;

    public SilentDnsServer(int port = 0)
    {
        socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        Port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        _ = DrainAsync();
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public int Received => Volatile.Read(ref received);

    async Task DrainAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await socket.ReceiveAsync(stop.Token);
                Interlocked.Increment(ref received);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        stop.Dispose();
    }
}
