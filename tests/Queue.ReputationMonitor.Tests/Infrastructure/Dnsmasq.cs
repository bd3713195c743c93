using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>
/// A real DNS server for one test class: Debian's dnsmasq on a loopback port of its own, serving only the records
/// given on its command line, never forwarding anywhere. Restart it with other records to change the answers.
/// </summary>
sealed class Dnsmasq : IDisposable
{
    readonly ConcurrentQueue<string> log = new();
    Process? process;

    public int Port { get; } = FreePort.Find();

    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<Dnsmasq> StartAsync(TestZones zones)
    {
        var server = new Dnsmasq();
        await server.RestartAsync(zones);
        return server;
    }

    public async Task RestartAsync(TestZones zones)
    {
        Stop();
        var start = new ProcessStartInfo("dnsmasq")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--keep-in-foreground", "--no-resolv", "--no-hosts", "--no-poll", "--pid-file", "--conf-file=/dev/null",
                     "--listen-address=127.0.0.1", "--bind-interfaces", $"--port={Port}", "--log-queries", "--log-facility=-",
                 }.Concat(zones.Options))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("dnsmasq is not installed (scripts/servers.sh installs dnsmasq-base)", e);
        }

        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await WaitUntilListeningAsync();
    }

    /// <summary>What dnsmasq logged (every query with --log-queries), for failure messages.</summary>
    public string Log => string.Join('\n', log);

    async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"dnsmasq exited at start:\n{Log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 500 && log.TryDequeue(out _))
        {
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

    public void Dispose() => Stop();
}
