using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

    /// <summary>
    /// Metrics, traces and logs by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (standard variables, read
    /// through configuration so a setting works as well as the environment). The SDK is built eagerly, since
    /// OpenTelemetry.Extensions.Hosting is not obtainable here, and disposed on shutdown to flush the last batch.
    /// </summary>
    public static IHostApplicationBuilder AddQueueTelemetry(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (config["OTEL_EXPORTER_OTLP_ENDPOINT"] is not { Length: > 0 } endpoint)
        {
            return builder;
        }

        var baseUrl = new Uri(endpoint.TrimEnd('/') + "/");
        var grpc = string.Equals(config["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
        var interval = config.GetValue("OTEL_METRIC_EXPORT_INTERVAL", 15_000);
        var serviceName = config["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        void Resource(ResourceBuilder resource) => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId);

        // With http/protobuf an endpoint set in code is used as is, so each signal gets its own path.
        void Exporter(OtlpExporterOptions o, string signal)
        {
            o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = grpc ? baseUrl : new Uri(baseUrl, signal);
        }

        var sdk = OpenTelemetrySdk.Create(otel => otel
            .ConfigureResource(Resource)
            .WithMetrics(m => m
                .AddMeter($"{QueueSourcePrefix}.*", "MassTransit")
                .AddOtlpExporter((o, reader) =>
                {
                    Exporter(o, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }))
            .WithTracing(t => t
                .AddSource($"{QueueSourcePrefix}.*", "MassTransit")
                .AddOtlpExporter(o => Exporter(o, "v1/traces"))));
        builder.Services.AddHostedService(_ => new TelemetryFlusher(sdk));
        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeScopes = true;
            logs.IncludeFormattedMessage = true;
            logs.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName));
            logs.AddOtlpExporter(o => Exporter(o, "v1/logs"));
        });
        return builder;
    }
}
