using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// A .NET program started by the benchmark (the dispatcher, the reference host), its output kept in a log file.
/// Every one still running is killed when this process ends, by a signal too; bench/run.sh's timeout kills the
/// whole process group.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    static readonly ConcurrentDictionary<ChildProcess, bool> Running = new();
    static readonly List<PosixSignalRegistration> Signals = [];

    readonly Process process;
    readonly StreamWriter log;
    readonly Action<string>? onLine;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            Signals.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
        }
    }

    ChildProcess(Process process, string logPath, Action<string>? onLine)
    {
        this.process = process;
        this.onLine = onLine;
        LogPath = logPath;
        log = new StreamWriter(logPath) { AutoFlush = true };
    }

    public int Pid => process.Id;

    public string LogPath { get; }

    public bool Exited => process.HasExited;

    /// <summary>Runs a .NET program from the folder it was built in (the dispatcher reads appsettings.json from its content root, the working directory).</summary>
    /// <param name="environment">Settings as environment variables (ASP.NET configuration: <c>Section__Key</c>).</param>
    /// <param name="onLine">Called with each line of standard output (besides the log).</param>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath, Action<string>? onLine = null) =>
        Start("dotnet", [dll, .. arguments], Path.GetDirectoryName(dll)!, environment, logPath, onLine);

    public static ChildProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logPath, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process, logPath, onLine);
        process.OutputDataReceived += (_, e) => child.Line(e.Data);
        process.ErrorDataReceived += (_, e) => child.Line(e.Data);
        process.Start();
        Running[child] = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }

        onLine?.Invoke(line);
    }

    public TimeSpan Cpu() => ProcessStats.Cpu(Pid);

    public long? PeakRss() => ProcessStats.PeakRss(Pid);

    /// <summary>The last lines of its log, to say why it failed.</summary>
    public string Tail(int lines = 15)
    {
        lock (log)
        {
            log.Flush();
        }

        return string.Join(Environment.NewLine, File.ReadLines(LogPath).TakeLast(lines));
    }

    static void KillAll()
    {
        foreach (var child in Running.Keys)
        {
            child.Kill();
        }
    }

    void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        Running.TryRemove(this, out _);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        lock (log)
        {
            log.Dispose();
        }

        process.Dispose();
    }
}
