using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Monitoring;
using Queue.ReputationMonitor.Tracking;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>
/// A monitor in-process on the real RabbitMQ (a fresh virtual host) and Redis (its own key prefix), with a probe that
/// hears its events. The host can be restarted on the same vhost and prefix, as after a deployment.
/// </summary>
sealed class MonitorRig : IAsyncDisposable
{
    readonly string id = Guid.NewGuid().ToString("N")[..12];
    readonly RabbitManagement management = new();
    readonly MonitorSettings settings;
    WebApplicationFactory<Program>? factory;

    MonitorRig(MonitorSettings settings) => this.settings = settings;

    public string VirtualHost => $"reputation-test-{id}";

    /// <summary>Hears the monitor's events with plain RabbitMQ.Client, as the dispatcher or any other language would.</summary>
    public EventProbe Events { get; private set; } = null!;

    public IServiceProvider Services => factory!.Services;

    public ReputationRounds Rounds => Services.GetRequiredService<ReputationRounds>();

    public ReputationBoard Board => Services.GetRequiredService<ReputationBoard>();

    public static async Task<MonitorRig> StartAsync(MonitorSettings settings)
    {
        var rig = new MonitorRig(settings);
        await rig.management.CreateVirtualHostAsync(rig.VirtualHost);
        rig.Events = await EventProbe.StartAsync(rig.VirtualHost, [typeof(ReputationListingConfirmed), typeof(ReputationListingCleared), typeof(ReputationMonitorDegraded)]);
        await rig.StartHostAsync();
        return rig;
    }

    /// <summary>Runs <paramref name="count"/> full rounds (every zone, then the authentication checks).</summary>
    public async Task RoundsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Rounds.RunRoundAsync();
        }
    }

    /// <summary>An HTTP client on the monitor's own endpoints (health, status).</summary>
    public HttpClient Http() => factory!.CreateClient();

    public Task<ReputationStatus> SavedStatusAsync() => Services.GetRequiredService<ReputationStatusStore>().ReadAsync();

    /// <summary>Stops the monitor and starts a new one on the same broker vhost and Redis prefix.</summary>
    public async Task RestartHostAsync()
    {
        await factory!.DisposeAsync();
        await StartHostAsync();
    }

    async Task StartHostAsync()
    {
        var configuration = settings.ToConfiguration(VirtualHost, $"reputation-test-{id}");
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(configuration);
        }));
        await factory.Services.GetRequiredService<IBusControl>().WaitUntilHealthyAsync("the monitor's");
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            // The shared Redis keeps nothing of a test: other test projects scan it.
            var redis = factory.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
            var prefix = $"reputation-test-{id}:reputation";
            await redis.GetDatabase().KeyDeleteAsync([$"{prefix}:targets", $"{prefix}:zones", $"{prefix}:auth"]);
            await factory.DisposeAsync();
        }

        await Events.DisposeAsync();
        await management.DeleteVirtualHostAsync(VirtualHost);
        management.Dispose();
    }
}
