using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// A MassTransit bus in this process on a benchmark's virtual host, configured as an application configures
/// one (publisher confirms on, MassTransit's default on RabbitMQ). Both sides of a comparison publish with it.
/// </summary>
public sealed class BenchBus : IAsyncDisposable
{
    readonly ServiceProvider provider;
    readonly IBusControl control;

    BenchBus(ServiceProvider provider, IBusControl control)
    {
        this.provider = provider;
        this.control = control;
    }

    /// <summary>The broker user the benchmarks publish as (guest: the bench runs on loopback only).</summary>
    public const string UserName = "guest";

    public IBus Bus => control;

    public static async Task<BenchBus> StartAsync(string vhost)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.UsingRabbitMq((_, cfg) =>
            {
                cfg.Host("127.0.0.1", 5672, vhost, "queue-bench-publisher", h =>
                {
                    h.Username(UserName);
                    h.Password("guest");
                });

                // As an application does where identity is required: RabbitMQ checks the user-id against the
                // connection's user, and the dispatcher maps it to the application DispatcherProcess registers.
                cfg.ConfigureSend(send => send.UseExecute(context =>
                {
                    if (context.TryGetPayload<RabbitMqSendContext>(out var amqp))
                    {
                        amqp.BasicProperties.UserId = UserName;
                    }
                }));
            });
        });
        var provider = services.BuildServiceProvider();
        var control = provider.GetRequiredService<IBusControl>();
        await control.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return new BenchBus(provider, control);
    }

    /// <summary>Publishes every message, <paramref name="inFlight"/> awaiting their broker confirmation at a time.</summary>
    public Task PublishAllAsync<T>(IReadOnlyList<T> messages, int inFlight) where T : class =>
        Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (message, token) => await control.Publish(message, token));

    public async ValueTask DisposeAsync()
    {
        await control.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await provider.DisposeAsync();
    }
}
