using System.Diagnostics;
using System.Text.Json;

namespace Queue.Gateway.Tests.Infrastructure;

/// <summary>Runs browser/status-page.mjs (playwright-core and chromium installed by scripts/browser-tools.sh).</summary>
static class StatusPageBrowser
{
    /// <param name="screenshots">Path prefix: the screenshots are <c>{prefix}-1400.png</c> and <c>{prefix}-360.png</c>.</param>
    /// <param name="environment">APPROVE_REQUEST (approve that held request from the page), QUEUE_READER_KEY (a read-only key to look with).</param>
    public static async Task<JsonElement> RunAsync(Uri gateway, string key, string screenshots, IReadOnlyDictionary<string, string>? environment = null)
    {
        var tools = Environment.GetEnvironmentVariable("QUEUE_TOOLS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RawEnvelopes.RepositoryRoot(), ".tools");
        var playwright = Path.Combine(tools, "playwright");
        if (!File.Exists(Path.Combine(playwright, "node_modules", "playwright-core", "package.json")) || !File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("playwright-core or chromium is missing: run scripts/browser-tools.sh (scripts/test.sh does)");
        }

        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "browser", "status-page.mjs"), gateway.ToString().TrimEnd('/'), screenshots])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["PLAYWRIGHT_DIR"] = playwright, ["QUEUE_API_KEY"] = key },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the browser did not finish in 90 s: {await error}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the browser script failed ({process.ExitCode}): {await error}");
        }

        return JsonSerializer.Deserialize<JsonElement>((await output).Trim().Split('\n')[^1]);
    }
}
