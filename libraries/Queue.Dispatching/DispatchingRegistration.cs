using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Dispatching.Approvals;
using Queue.Dispatching.Bounces;
using Queue.Dispatching.Consumers;
using Queue.Dispatching.Control;
using Queue.Dispatching.Delivery;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Parking;
using Queue.Dispatching.Telemetry;
using Queue.Configuration;
using Queue.Sending.Bounces;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;

namespace Queue.Dispatching;

/// <summary>What a host registers to dispatch: the services the consumers need, the consumers, and the lanes' endpoints.</summary>
public static class DispatchingRegistration
{
    /// <summary>The consumers' collaborators and background work; the host adds the sending domain and its adapters, the bus and telemetry.</summary>
    public static IHostApplicationBuilder AddDispatching(this IHostApplicationBuilder builder)
    {
        // Before anything consumes: quota windows must not be evictable.
        builder.Services.AddHostedService<Queue.Sending.Quotas.EvictionPolicyCheck>();
        builder.Services.AddValidatedOptions<DispatcherOptions>(DispatcherOptions.Section);
        builder.Services.AddSingleton<ParkingLot>();
        builder.Services.AddSingleton<ILaneParking>(sp => sp.GetRequiredService<ParkingLot>());
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
        builder.Services.AddSingleton<DispatcherGauges>();
        builder.Services.AddSingleton<DispatcherMetrics>();
        builder.Services.AddSingleton<Queue.Reputation.Status.ReputationStatusStore>();
        builder.Services.AddSingleton<ReputationHolds>();
        builder.Services.AddSingleton<HoldsApplier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HoldsApplier>());
        builder.Services.AddSingleton<IRequestLedger>(sp => sp.GetRequiredService<RequestLedger>());
        builder.Services.AddSingleton<IWarmupHolds>(sp => sp.GetRequiredService<WarmupLedger>());
        builder.Services.AddSingleton<ISentRecords>(sp => sp.GetRequiredService<BounceLedger>());
        builder.Services.AddLaneSteps();
        builder.AddBounces();
        return builder;
    }

    /// <summary>Every consumer of the dispatcher; the lanes and the holds get their endpoints from <see cref="ConfigureLanes"/>.</summary>
    public static IBusRegistrationConfigurator AddDispatchingConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>();
        x.AddConsumer<ApproveEmailConsumer, ApproveEmailConsumerDefinition>();
        x.AddConsumer<DenyEmailConsumer, DenyEmailConsumerDefinition>();
        x.AddConsumer<LaneConsumer>().ExcludeFromConfigureEndpoints();
        x.AddConsumer<SendingControlConsumer, SendingControlConsumerDefinition>();
        x.AddConsumer<ReputationConsumer, ReputationConsumerDefinition>();
        x.AddConsumer<HoldsApplier>().ExcludeFromConfigureEndpoints();
        return x;
    }

    /// <summary>One receive endpoint per sender account, on a priority queue that only intake and parking feed.</summary>
    public static void ConfigureLanes(this IRabbitMqBusFactoryConfigurator bus, IBusRegistrationContext context)
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
