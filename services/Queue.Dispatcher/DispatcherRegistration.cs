using MassTransit;
using Queue.Dispatcher.Consumers;
using Queue.Dispatcher.Parking;
using Queue.Sending;
using Queue.ServiceDefaults.Messaging;
using Queue.ServiceDefaults.Options;

namespace Queue.Dispatcher;

public static class DispatcherRegistration
{
    public static IHostApplicationBuilder AddDispatcher(this IHostApplicationBuilder builder)
    {
        builder.AddSending();
        builder.Services.AddValidatedOptions<DispatcherOptions>(DispatcherOptions.Section);
        builder.Services.AddSingleton<ParkingLot>();
        builder.AddQueueBus(x => x.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>());
        return builder;
    }
}
