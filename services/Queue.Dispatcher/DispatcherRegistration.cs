using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Dispatcher.Approvals;
using Queue.Dispatcher.Bounces;
using Queue.Dispatcher.Consumers;
using Queue.Dispatcher.Control;
using Queue.Dispatcher.Lanes;
using Queue.Dispatcher.Parking;
using Queue.Dispatcher.Telemetry;
using Queue.Sending;
using Queue.ServiceDefaults.Messaging;
using Queue.Configuration;
using Queue.Dispatcher.ReadModel;

namespace Queue.Dispatcher;

public static class DispatcherRegistration
{
    public static IHostApplicationBuilder AddDispatcher(this IHostApplicationBuilder builder)
    {
        builder.AddSendEmailIntake();
        builder.AddQuotas();
        builder.AddDispatcherReadModel(sp => sp.GetRequiredService<IOptions<DispatcherOptions>>().Value.QueueName);
        builder.AddComposition();
        builder.AddSmtpTransport();

        // Before anything consumes: quota windows must not be evictable.
        builder.Services.AddHostedService<Queue.Sending.Quotas.EvictionPolicyCheck>();
        builder.Services.AddValidatedOptions<DispatcherOptions>(DispatcherOptions.Section);
        builder.Services.AddSingleton<ParkingLot>();
        builder.Services.AddSingleton<LaneDirectory>();
        builder.Services.AddValidatedOptions<ConsumerWatchdogOptions>(ConsumerWatchdogOptions.Section);
        builder.Services.AddSingleton<ConsumerWatchdog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConsumerWatchdog>());
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<ConsumerWatchdog>());
        builder.Services.AddSingleton<Rejections>();
        builder.Services.AddSingleton<Admission>();
        builder.Services.AddSingleton<UnreadableRequests>();
        builder.Services.AddSingleton<BusIdentity>();
        builder.Services.AddHostedService<ApprovalExpiry>();
        builder.Services.AddValidatedOptions<ReputationOptions>(ReputationOptions.Section);
        builder.Services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.Section)
            .Configure<IConfiguration>((o, c) => o.Sample = c.GetValue<bool?>($"{TelemetryOptions.Section}:Sample") ?? !string.IsNullOrEmpty(c["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        builder.Services.AddSingleton<DispatcherGauges>();
        builder.Services.AddSingleton<DispatcherMetrics>();
        builder.Services.AddHostedService<TelemetrySampler>();
        builder.Services.AddSingleton<Queue.Reputation.Status.ReputationStatusStore>();
        builder.Services.AddSingleton<ReputationHolds>();
        builder.Services.AddSingleton<HoldsApplier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HoldsApplier>());
        builder.AddBounces();
        builder.AddQueueBus(
            x =>
            {
                x.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>();
                x.AddConsumer<ApproveEmailConsumer, ApproveEmailConsumerDefinition>();
                x.AddConsumer<DenyEmailConsumer, DenyEmailConsumerDefinition>();
                x.AddConsumer<LaneConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<SendingControlConsumer, SendingControlConsumerDefinition>();
                x.AddConsumer<ReputationConsumer, ReputationConsumerDefinition>();
                x.AddConsumer<HoldsApplier>().ExcludeFromConfigureEndpoints();
            },
            ConfigureLanes);
        return builder;
    }

    /// <summary>One receive endpoint per sender account, on a priority queue that only intake and parking feed.</summary>
    static void ConfigureLanes(IBusRegistrationContext context, IRabbitMqBusFactoryConfigurator bus)
    {
        var options = context.GetRequiredService<IOptions<DispatcherOptions>>().Value;

        bus.ConnectReceiveObserver(context.GetRequiredService<UnreadableRequests>());

        // Each replica hears hold changes on a queue of its own, deleted when it stops.
        bus.ReceiveEndpoint(new TemporaryEndpointDefinition(), e => e.ConfigureConsumer<HoldsApplier>(context));

        foreach (var lane in context.GetRequiredService<LaneDirectory>().All)
        {
            bus.ReceiveEndpoint(lane.QueueName, e =>
            {
                e.ConfigureConsumeTopology = false;
                e.EnablePriority(LaneDirectory.MaxPriority);
                e.PrefetchCount = (ushort)options.LaneConcurrency;
                e.ConcurrentMessageLimit = options.LaneConcurrency;
                e.UseMessageRetry(r => r.Intervals(200, 1000, 5000));
                e.ConnectReceiveEndpointObserver(lane);
                e.ConfigureConsumer<LaneConsumer>(context);
            });
        }
    }
}
