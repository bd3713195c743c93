using Microsoft.Extensions.Options;
using Queue.Configuration;
using Queue.Dispatcher.ReadModel;
using Queue.Dispatcher.Telemetry;
using Queue.Dispatching;
using Queue.Sending;
using Queue.ServiceDefaults.Messaging;

namespace Queue.Dispatcher;

public static class DispatcherRegistration
{
    /// <summary>
    /// The dispatcher host: the sending domain with its Redis stores and SMTP transport, the dispatching library on
    /// RabbitMQ, and sampling for the gauges.
    /// </summary>
    public static IHostApplicationBuilder AddDispatcher(this IHostApplicationBuilder builder)
    {
        builder.AddSendEmailIntake();
        builder.AddQuotas();
        builder.AddDispatcherReadModel(sp => sp.GetRequiredService<IOptions<DispatcherOptions>>().Value.QueueName);
        builder.AddComposition();
        builder.AddSmtpTransport();
        builder.AddDispatching();
        builder.Services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.Section)
            .Configure<IConfiguration>((o, c) => o.Sample = c.GetValue<bool?>($"{TelemetryOptions.Section}:Sample") ?? !string.IsNullOrEmpty(c["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        builder.Services.AddHostedService<TelemetrySampler>();
        builder.AddQueueBus(x => x.AddDispatchingConsumers(), (context, bus) => bus.ConfigureLanes(context));
        return builder;
    }
}
