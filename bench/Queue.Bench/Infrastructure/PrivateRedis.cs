using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// A redis-server of the benchmark's own on a free loopback port, no persistence, so that what it counts
/// (INFO commandstats) comes from the process under test alone.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    readonly ChildProcess process;
    readonly RespClient client;

    PrivateRedis(ChildProcess process, RespClient client, int port)
    {
        this.process = process;
        this.client = client;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<PrivateRedis> StartAsync(string name)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var process = ChildProcess.Start("redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            BenchPaths.RunDirectory, new Dictionary<string, string>(), Path.Combine(BenchPaths.RunDirectory, $"{name}-redis-{Environment.ProcessId}.log"));
        RespClient? client = null;
        await BenchVhost.WaitAsync(async () =>
        {
            try
            {
                client = await RespClient.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "the private redis-server", 50);
        return new PrivateRedis(process, client!, port);
    }

    /// <summary>Calls per command so far (INFO commandstats). Each call of this counts as one INFO in the next.</summary>
    public async Task<Dictionary<string, long>> CommandsAsync()
    {
        var info = (string)(await client.CallAsync(["INFO", "commandstats"]))!;
        var calls = new Dictionary<string, long>();
        foreach (var line in info.Split("\r\n"))
        {
            // cmdstat_get:calls=3,usec=…
            if (line.StartsWith("cmdstat_", StringComparison.Ordinal) && line.IndexOf(":calls=", StringComparison.Ordinal) is var at and > 0)
            {
                var end = line.IndexOf(',', at);
                calls[line[8..at]] = long.Parse(line[(at + 7)..end], CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        await client.DisposeAsync();
        await process.DisposeAsync();
    }
}
