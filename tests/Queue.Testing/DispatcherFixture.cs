using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Xunit;

namespace Queue.Testing;

/// <summary>
/// A dispatcher on the real servers, alone in a fresh RabbitMQ virtual host and Redis key prefix, with a probe
/// that hears its events. Subclasses change settings (quotas, SMTP port, retry delays).
/// </summary>
public class DispatcherFixture : IAsyncLifetime
{
    readonly string id = Guid.NewGuid().ToString("N")[..12];
    WebApplicationFactory<Program>? factory;

    public string VirtualHost => $"queue-test-{id}";

    public string QueueName => "send-email";

    public RabbitManagement Management { get; } = new();

    public Maildev Sink { get; } = new();

    public EventProbe Events { get; private set; } = null!;

    public IBus Bus => Services.GetRequiredService<IBus>();

    public IServiceProvider Services => factory!.Services;

    /// <summary>An HTTP client on the dispatcher's own endpoints (health, metrics).</summary>
    public HttpClient CreateClient() => factory!.CreateClient();

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    /// <summary>More host wiring for a fixture, e.g. capturing logs.</summary>
    protected virtual void ConfigureHost(IWebHostBuilder web)
    {
    }

    public virtual async Task InitializeAsync()
    {
        await Management.CreateVirtualHostAsync(VirtualHost);
        Events = await EventProbe.StartAsync(VirtualHost);
        var settings = new Dictionary<string, string?>(TestServers.Connections(VirtualHost, $"queue-test-{id}").Concat(TestServers.SmtpSink()))
        {
            // Most tests publish through the dispatcher's own bus as guest, which no application is mapped to; the
            // test host runs in Development, the one environment that may turn identity off. BusIdentityTests
            // turn it on and publish as applications of their own.
            ["Applications:RequireIdentity"] = "false",
            // Tests run at any hour; the sending-hours tests turn the shipped windows back on.
            ["SendingHours:Enabled"] = "false",
        };
        foreach (var (key, value) in Settings())
        {
            settings[key] = value;
        }

        // Host settings, not app configuration: they are visible while Program builds the services, which the
        // telemetry wiring needs.
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            ConfigureHost(web);
        });
        await factory.Services.GetRequiredService<IBusControl>().WaitUntilHealthyAsync("the dispatcher's");
    }

    /// <summary>A request that passes every rule; tests vary what they test.</summary>
    public static SendEmail Request(string subject) => new()
    {
        RequestId = Guid.NewGuid(),
        From = "intranet@pasto.gov.co",
        To = ["Ana Pérez <ana.perez@pasto.gov.co>"],
        Subject = $"{subject} {Guid.NewGuid():N}",
        TextBody = "Buenos días. Mensaje de prueba.",
        Application = "integration-tests",
    };

    public async Task PublishAsync(SendEmail request) => await Bus.Publish(request);

    /// <summary>Waits until the dispatcher's queue and its wait queues hold nothing.</summary>
    public async Task WaitUntilIdleAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (await Management.DepthAsync(VirtualHost, QueueName) == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"queue {QueueName} did not drain");
    }

    public virtual async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        await Events.DisposeAsync();
        await Management.DeleteVirtualHostAsync(VirtualHost);
        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServers.Redis))
        {
            RedisCleanup.DeletePrefix(redis, $"queue-test-{id}");
        }

        Management.Dispose();
        Sink.Dispose();
    }
}
