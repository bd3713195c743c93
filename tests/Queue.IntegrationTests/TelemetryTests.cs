using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;

namespace Queue.IntegrationTests;

public class TelemetryFixture : DispatcherFixture
{
    internal OtlpReceiver Receiver { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{Receiver.Port}"),
        new("OTEL_METRIC_EXPORT_INTERVAL", "500"),
        new("OTEL_SERVICE_NAME", "queue-dispatcher-test"),
        new("Telemetry:SampleInterval", "00:00:00.500"),
    ];

    public override async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// Runs alone, after the other tests: instruments are identified by meter name within the process, so another
/// dispatcher host alive in the same test process would own the gauges. In production one process hosts one.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public class TelemetryCollection;

/// <summary>Metrics and traces of a running dispatcher reach a real OTLP/HTTP endpoint, with Queue's names.</summary>
[Collection(nameof(TelemetryCollection))]
public class TelemetryTests(TelemetryFixture dispatcher) : IClassFixture<TelemetryFixture>
{
    [Fact]
    public async Task Metrics_and_a_trace_from_publish_to_the_smtp_reply_reach_the_otlp_endpoint()
    {
        var request = DispatcherFixture.Request("Telemetría");
        await dispatcher.PublishAsync(request);
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);

        string[] expected =
        [
            "queue.requests.accepted", "queue.requests.sent", "queue.smtp.duration", "queue.smtp.replies",
            "queue.quota.used", "queue.quota.cap", "queue.quota.remaining", "queue.quota.next_allowed", "queue.lane.backlog",
        ];

        // MassTransit's own meter is exported too, but its instruments are process-wide: with several dispatcher
        // hosts in one test process they may belong to another host's provider, so only its spans are checked.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!expected.All(dispatcher.Receiver.MetricNames().Contains) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(!expected.Except(dispatcher.Receiver.MetricNames()).Any(),
            $"missing {string.Join(", ", expected.Except(dispatcher.Receiver.MetricNames()))}; got {string.Join(", ", dispatcher.Receiver.MetricNames())}; {dispatcher.Receiver.Metrics.Count} exports");

        // Spans leave in batches every few seconds.
        while (!dispatcher.Receiver.Spans().Any(s => s.Name == "smtp submit") && DateTime.UtcNow < deadline.AddSeconds(15))
        {
            await Task.Delay(200);
        }

        var spans = dispatcher.Receiver.Spans();
        var submit = Assert.Single(spans, s => s.Name == "smtp submit" && spans.Count(t => t.TraceId == s.TraceId) > 3);
        Assert.NotEqual("", submit.ParentId);
        Assert.Contains(spans, s => s.TraceId == submit.TraceId && s.Name.Contains("send", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Prometheus_scrapes_queues_own_metrics_at_metrics_under_the_names_deploy_expects()
    {
        var request = DispatcherFixture.Request("Métricas");
        await dispatcher.PublishAsync(request);
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        using var http = dispatcher.CreateClient();

        // The names the alert rules and the dashboard read (deploy/README.md, "Metric names").
        string[] expected =
        [
            "queue_requests_accepted_total", "queue_requests_sent_total", "queue_smtp_replies_total",
            "queue_smtp_duration_seconds_bucket", "queue_quota_used", "queue_quota_cap", "queue_lane_backlog", "target_info",
        ];
        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            using var response = await http.GetAsync("/metrics");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
        }
        while (!expected.All(n => HasSeries(text, n)) && DateTime.UtcNow < deadline && await Delay());

        Assert.True(expected.All(n => HasSeries(text, n)),
            $"missing {string.Join(", ", expected.Where(n => !HasSeries(text, n)))} in:\n{text}");
        Assert.Matches(@"(?m)^queue_requests_sent_total\{[^}]*account=""intranet@pasto\.gov\.co""[^}]*\} [1-9]", text);

        // Dashboards select quota series by these label values: the limit's public form and the unit's name.
        Assert.Matches(@"(?m)^queue_quota_cap\{(?=[^}]*limit=""quota\.domain\.hour"")(?=[^}]*unit=""recipients"")[^}]*\} [1-9]", text);

        static bool HasSeries(string text, string name) =>
            System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?m)^{name}[{{ ]");

        static async Task<bool> Delay()
        {
            await Task.Delay(200);
            return true;
        }
    }
}
