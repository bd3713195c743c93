using System.Diagnostics;
using System.Net.Sockets;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>A private redis-server on a loopback port of its own, so a test can stop and restart it.</summary>
/// <param name="port">A fixed port, or null for a free one.</param>
/// <param name="arguments">More redis-server options, e.g. <c>--maxmemory-policy volatile-lru</c>.</param>
sealed class RedisProcess(int? port = null, string arguments = "") : IDisposable
{
    // A replica saves what it receives as dump.rdb in its directory, and every redis-server loads one found there at
    // start: in the shared working directory a later run's server would start with an earlier run's windows.
    readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("queue-test-redis-");
    Process? process;

    public int Port { get; } = port ?? FreePort.Find();

    public async Task StartAsync()
    {
        process = Process.Start(new ProcessStartInfo("redis-server", $"--port {Port} --bind 127.0.0.1 --dir \"{directory.FullName}\" --save \"\" --appendonly no {arguments}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (run scripts/servers.sh to install it)");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await AcceptsAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not start");
            }

            await Task.Delay(50);
        }
    }

    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Stop();
        directory.Delete(recursive: true);
    }
}
