using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Queue.Bench.Infrastructure;

/// <param name="Label">How it was run, e.g. <c>-c 1 -P 16</c>.</param>
public sealed record RedisBenchmarkResult(string Label, long Requests, double PerSecond, double P50Ms, double P99Ms);

/// <summary>Runs <c>redis-benchmark</c> (Debian redis-tools) with one custom command and reads its CSV summary.</summary>
public static partial class RedisBenchmarkTool
{
    /// <summary>Every <c>__rand_int__</c> in the command becomes a fresh 12-digit number below this, per request.</summary>
    public const long KeySpace = 1_000_000_000;

    public static async Task<RedisBenchmarkResult> RunAsync(
        string host, int port, int clients, int pipeline, long requests, IReadOnlyList<string> command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("redis-benchmark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture),
                     "-n", requests.ToString(CultureInfo.InvariantCulture), "-P", pipeline.ToString(CultureInfo.InvariantCulture),
                     "-r", KeySpace.ToString(CultureInfo.InvariantCulture), "--csv",
                 }.Concat(command))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"redis-benchmark did not finish within {timeout.TotalSeconds:0} s");
            }
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        var label = $"-c {clients} -P {pipeline}";
        // An error reply (NOSCRIPT, a script error) is fast and would count as a request: refuse the figure.
        if (process.ExitCode != 0 || output.Contains("ERR", StringComparison.Ordinal) || output.Contains("Error", StringComparison.Ordinal)
            || errors.Contains("ERR", StringComparison.Ordinal) || errors.Contains("Error", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-benchmark {label} failed (exit {process.ExitCode}): {Tail(output + errors)}");
        }

        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var row = CsvRow().Match(output);
        if (!row.Success)
        {
            throw new InvalidOperationException($"redis-benchmark {label}: no CSV summary in its output: {Tail(output + errors)}");
        }

        double Field(int i) => double.Parse(row.Groups[i].Value, CultureInfo.InvariantCulture);
        return new RedisBenchmarkResult(label, requests, Field(1), Field(4), Field(6));
    }

    static string Tail(string text) => text.Length <= 600 ? text.Trim() : "…" + text[^600..].Trim();

    [GeneratedRegex("""
        "([0-9.]+)","([0-9.]+)","([0-9.]+)","([0-9.]+)","([0-9.]+)","([0-9.]+)","([0-9.]+)"\s*$
        """, RegexOptions.Multiline)]
    private static partial Regex CsvRow();
}
