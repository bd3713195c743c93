using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>
/// tests/smtp-fault-server/fault_smtp.py on a port of its own: replies chosen by recipient name;
/// <paramref name="options"/> are more of its command-line options (certificate, AUTH, PIPELINING); <paramref name="port"/>
/// another server's port, to stand in for it (a fault that goes away).
/// </summary>
sealed class FaultSmtpServer(bool tls = false, string options = "", int? port = null) : IDisposable
{
    readonly string record = Path.Combine(Path.GetTempPath(), $"queue-faults-{Guid.NewGuid():N}.jsonl");
    Process? process;

    public int Port { get; } = port ?? FreePort.Find();

    public async Task StartAsync()
    {
        var script = Path.Combine(RawEnvelopes.RepositoryRoot(), "tests", "smtp-fault-server", "fault_smtp.py");
        process = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" --port {Port} --record \"{record}\"{(tls ? " --tls" : "")} {options}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("the fault SMTP server did not start");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Messages the server accepted: the recipients it took for each subject.</summary>
    public IReadOnlyList<(string Subject, IReadOnlyList<string> Recipients)> Accepted() =>
        Records().Select(e => (e.GetProperty("subject").GetString()!, (IReadOnlyList<string>)e.GetProperty("rcpt").EnumerateArray().Select(r => r.GetString()!).ToList()))
            .ToList();

    /// <summary>Everything the server recorded of each accepted message (see fault_smtp.py).</summary>
    public IReadOnlyList<JsonElement> Records() =>
        File.Exists(record) ? File.ReadAllLines(record).Select(l => JsonDocument.Parse(l).RootElement).ToList() : [];

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }

        process?.Dispose();
        File.Delete(record);
    }
}
