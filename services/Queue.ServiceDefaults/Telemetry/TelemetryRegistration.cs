using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Queue.ServiceDefaults.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>Every meter and activity source of Queue starts with this; MassTransit's are "MassTransit".</summary>
    public const string QueueSourcePrefix = "Queue";

    /// <summary>
    /// Builds the OpenTelemetry SDK eagerly (OpenTelemetry.Extensions.Hosting is not obtainable here) when an
    /// OTLP endpoint is configured through the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable, and disposes it on
    /// shutdown so the last batch is flushed.
    /// </summary>
    public static IHostApplicationBuilder AddQueueTelemetry(this IHostApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var sdk = OpenTelemetrySdk.Create(otel => otel
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m.AddMeter($"{QueueSourcePrefix}.*", "MassTransit"))
            .WithTracing(t => t.AddSource($"{QueueSourcePrefix}.*", "MassTransit"))
            .UseOtlpExporter());
        builder.Services.AddHostedService(_ => new TelemetryFlusher(sdk));
        return builder;
    }
}
