using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Queue.Configuration;

namespace Queue.ServiceDefaults.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// MassTransit on RabbitMQ with the settings of section <c>RabbitMq</c>. Publishes wait for broker
    /// confirmation (MassTransit's default on RabbitMQ), so a publish that returned is durable.
    /// </summary>
    public static IHostApplicationBuilder AddQueueBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? registrations = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        builder.Services.AddValidatedOptions<RabbitMqOptions>(RabbitMqOptions.Section);
        builder.Services.AddHttpClient<RabbitManagementClient>(http => http.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            registrations?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                var connectionName = context.GetRequiredService<IHostEnvironment>().ApplicationName;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, connectionName, h =>
                {
                    h.Username(options.UserName);
                    h.Password(options.Password);
                });
                cfg.PrefetchCount = options.PrefetchCount;

                // Every message carries the AMQP user-id, which RabbitMQ checks against the connection's user:
                // with Applications:RequireIdentity the dispatcher knows for sure which service published a request
                // or a control command (the gateway relaying an approval, a pause).
                cfg.ConfigurePublish(publish => publish.UseExecute(context => SignWithUserId(context, options.UserName)));
                cfg.ConfigureSend(send => send.UseExecute(context => SignWithUserId(context, options.UserName)));
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    static void SignWithUserId(SendContext context, string user)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var amqp))
        {
            amqp.BasicProperties.UserId = user;
        }
    }
}
