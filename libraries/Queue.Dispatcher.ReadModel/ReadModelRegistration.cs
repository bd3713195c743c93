using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Queue.Sending;
using Queue.Sending.Control;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Dispatcher.ReadModel;

public static class ReadModelRegistration
{
    /// <summary>
    /// The lanes' state store (the dispatcher writes it) and <see cref="DispatcherReadModel"/> over the quota stores,
    /// for the dispatcher whose requests queue <paramref name="dispatcherQueue"/> gives.
    /// </summary>
    public static IHostApplicationBuilder AddDispatcherReadModel(this IHostApplicationBuilder builder, Func<IServiceProvider, string> dispatcherQueue)
    {
        builder.AddQuotas();
        builder.Services.AddSingleton<LaneStateStore>();
        builder.Services.AddSingleton(sp => new DispatcherReadModel(
            dispatcherQueue(sp), sp.GetRequiredService<RabbitManagementClient>(), sp.GetRequiredService<LaneStateStore>(),
            sp.GetRequiredService<SendingHoldStore>(), sp.GetRequiredService<RedisQuotaGate>(), sp.GetRequiredService<QuotaThrottle>(),
            sp.GetRequiredService<WarmupLedger>()));
        return builder;
    }
}
