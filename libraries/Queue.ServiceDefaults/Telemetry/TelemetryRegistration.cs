using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Queue.ServiceDefaults.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>Every meter and activity source of Queue starts with this; MassTransit's are "MassTransit".</summary>
    public const string QueueSourcePrefix = "Queue";

    /// <summary>Where every service answers Prometheus's scrape.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Metrics always, readable at <see cref="MetricsPath"/>; metrics, traces and logs also by OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (standard variables, read through configuration so a setting
    /// works as well as the environment). The hosting integration starts the providers with the host and
    /// disposes them on shutdown, which flushes the last batch to the collector.
    /// </summary>
    public static IHostApplicationBuilder AddQueueTelemetry(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var serviceName = config["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var otlp = config["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } endpoint ? new Uri(endpoint.TrimEnd('/') + "/") : null;
        var grpc = string.Equals(config["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
        var interval = config.GetValue("OTEL_METRIC_EXPORT_INTERVAL", 15_000);

        // With http/protobuf an endpoint set in code is used as is, so each signal gets its own path.
        void Exporter(OtlpExporterOptions o, string signal)
        {
            o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = grpc ? otlp! : new Uri(otlp!, signal);
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(m =>
            {
                m.AddMeter($"{QueueSourcePrefix}.*", "MassTransit")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp is not null)
                {
                    m.AddOtlpExporter((o, reader) =>
                    {
                        Exporter(o, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                    });
                }
            });

        // Spans and log records have nowhere to go but OTLP: without it they are not even recorded.
        if (otlp is not null)
        {
            otel.WithTracing(t => t
                    .AddSource($"{QueueSourcePrefix}.*", "MassTransit")
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHousekeeping(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter(o => Exporter(o, "v1/traces")))
                .WithLogging(l => l.AddOtlpExporter(o => Exporter(o, "v1/logs")), o =>
                {
                    o.IncludeScopes = true;
                    o.IncludeFormattedMessage = true;
                });
        }

        return builder;
    }

    /// <summary>The Prometheus scrape endpoint at <see cref="MetricsPath"/>.</summary>
    public static IEndpointRouteBuilder MapQueueMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }

    // Probes and scrapes every few seconds would drown the spans of real requests.
    static bool IsHousekeeping(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");
}
