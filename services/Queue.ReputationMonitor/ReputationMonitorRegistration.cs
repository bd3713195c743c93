using Microsoft.Extensions.Options;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Auth;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Monitoring;
using Queue.ReputationMonitor.Options;
using Queue.ReputationMonitor.Telemetry;
using Queue.ReputationMonitor.Tracking;
using Queue.ServiceDefaults;
using Queue.ServiceDefaults.Messaging;
using Queue.Configuration;
using Queue.ServiceDefaults.Redis;

namespace Queue.ReputationMonitor;

public static class ReputationMonitorRegistration
{
    public static IHostApplicationBuilder AddReputationMonitor(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TargetsOptions>(TargetsOptions.Section);
        services.AddValidatedOptions<ResolverOptions>(ResolverOptions.Section);
        services.AddValidatedOptions<ScheduleOptions>(ScheduleOptions.Section);
        services.AddValidatedOptions<BlocklistOptions>(BlocklistOptions.Section);
        builder.AddQueueRedis();
        // Publishes only: the monitor consumes nothing.
        builder.AddQueueBus();

        services.AddSingleton<TargetSet>();
        services.AddSingleton<ZoneCatalog>();
        services.AddSingleton<ReputationBoard>();
        services.AddSingleton<ReputationMetrics>();
        services.AddSingleton<LookupDnsClient>();
        // The cache is outermost, so the duration metric counts only lookups that went to the resolver.
        services.AddSingleton<IDnsClient>(sp => new CachingDnsClient(
            new MeteredDnsClient(sp.GetRequiredService<LookupDnsClient>(), sp.GetRequiredService<ReputationMetrics>()),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ResolverOptions>>().Value.MaxCacheTtl));
        services.AddSingleton<ZoneRoundRunner>();
        services.AddSingleton<AuthChecker>();
        services.AddSingleton<ReputationStatusStore>();
        services.AddSingleton<ReputationEvents>();
        services.AddSingleton<ReputationRounds>();
        services.AddHostedService<MonitorWorker>();
        services.AddHealthChecks().AddCheck<ReputationHealthCheck>("reputation", tags: [HealthTags.Ready]);
        return builder;
    }
}
