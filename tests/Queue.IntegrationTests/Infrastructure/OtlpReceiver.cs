using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>
/// A real OTLP/HTTP endpoint (protobuf) on a loopback port, keeping what it receives. The collector cannot be
/// had here, so the test reads the protobuf itself (<see cref="Protobuf"/>).
/// </summary>
sealed class OtlpReceiver : IAsyncDisposable
{
    readonly WebApplication app;

    public ConcurrentQueue<byte[]> Metrics { get; } = new();

    public ConcurrentQueue<byte[]> Traces { get; } = new();

    public ConcurrentQueue<byte[]> Logs { get; } = new();

    public int Port { get; } = FreePort.Find();

    public OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        app = builder.Build();
        app.MapPost("/v1/metrics", context => Keep(context, Metrics));
        app.MapPost("/v1/traces", context => Keep(context, Traces));
        app.MapPost("/v1/logs", context => Keep(context, Logs));
    }

    public Task StartAsync() => app.StartAsync();

    static async Task Keep(HttpContext context, ConcurrentQueue<byte[]> store)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        store.Enqueue(body.ToArray());
        context.Response.ContentType = "application/x-protobuf";
    }

    /// <summary>Names of the metrics received: ExportMetricsServiceRequest.resource_metrics(1).scope_metrics(2).metrics(2).name(1).</summary>
    public HashSet<string> MetricNames() =>
        Metrics.SelectMany(body => Protobuf.Path(body, 1, 2, 2)).Select(metric => Protobuf.String(metric, 1)).OfType<string>().ToHashSet();

    /// <summary>Spans received: resource_spans(1).scope_spans(2).spans(2) with trace_id(1), span_id(2), parent(4), name(5).</summary>
    public IReadOnlyList<(string TraceId, string SpanId, string ParentId, string Name)> Spans() =>
        Traces.SelectMany(body => Protobuf.Path(body, 1, 2, 2)).Select(span => (
            Convert.ToHexString(Protobuf.Bytes(span, 1)), Convert.ToHexString(Protobuf.Bytes(span, 2)),
            Convert.ToHexString(Protobuf.Bytes(span, 4)), Protobuf.String(span, 5) ?? "")).ToList();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
