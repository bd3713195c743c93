using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>
/// A real DNS server for one test class: Debian's dnsmasq on a loopback port of its own, serving only the records
/// given on its command line, never forwarding anywhere. Restart it with other records to change the answers.
/// </summary>
sealed class Dnsmasq : IDisposable
{
    readonly ConcurrentQueue<string> log = new();
    Process? process;

    public int Port { get; private set; } = FreePort.Find();

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts on a free port. The port is learnt by binding and releasing it, so another process may take it before
    /// dnsmasq binds it (other test runs on this machine pick ports the same way): then another port is tried.
    /// </summary>
    public static async Task<Dnsmasq> StartAsync(TestZones zones)
    {
        var server = new Dnsmasq();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await server.RestartAsync(zones);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5 && server.process is { HasExited: true })
            {
                server.Port = FreePort.Find();
            }
        }
    }

    /// <summary>Starts again on the same port (the monitor under test is configured with it) with other records.</summary>
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

    /// <summary>Ready when it answers a DNS query (any RCODE will do), asked with the client under test.</summary>
    async Task WaitUntilListeningAsync()
    {
        var client = TestDns.Client([Endpoint], timeoutMs: 100);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await client.QueryAsync("ready.invalid.", Queue.ReputationMonitor.Dns.DnsRecordType.A)).Status != Queue.ReputationMonitor.Dns.DnsLookupStatus.Answered)
        {
            if (process!.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"dnsmasq does not answer on {Endpoint} (exited: {process.HasExited}):\n{Log}");
            }

            await Task.Delay(20);
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
            // With the tree: dnsmasq forks a child per TCP connection, which DnsClient keeps open for reuse; a child
            // left alive holds the output pipes, and the wait for them would last until it times out (minutes).
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    public void Dispose() => Stop();
}
