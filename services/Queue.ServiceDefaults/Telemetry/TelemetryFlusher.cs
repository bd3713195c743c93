using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace Queue.ServiceDefaults.Telemetry;

/// <summary>Disposes the SDK when the host stops: that flushes what is still buffered to the collector.</summary>
sealed class TelemetryFlusher(OpenTelemetrySdk sdk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        sdk.Dispose();
        return Task.CompletedTask;
    }
}
