using System.Globalization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Queue.Contracts;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// The reference process: a plain MassTransit host (generic host, as an application writes one) with one
/// receive endpoint, <c>send-email</c>, whose consumer of <see cref="SendEmail"/> does nothing. Run as
/// <c>Queue.Bench reference-host VHOST REPORT_EVERY</c>; it prints <c>consumed N</c> each time N reaches a
/// multiple of REPORT_EVERY, and <c>ready</c> once its bus is up.
/// </summary>
public static class ReferenceHost
{
    public const string Command = "reference-host";

    static long consumed;
    static long reportEvery;

    public static async Task<int> RunAsync(string[] args)
    {
        var vhost = args[1];
        reportEvery = long.Parse(args[2], CultureInfo.InvariantCulture);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.AddConsumer<NoOpConsumer>().Endpoint(e => e.Name = "send-email");
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host("127.0.0.1", 5672, vhost, "queue-bench-reference", h =>
                {
                    h.Username("guest");
                    h.Password("guest");
                });
                // The dispatcher's bus prefetch (RabbitMq:PrefetchCount).
                cfg.PrefetchCount = 16;
                cfg.ConfigureEndpoints(context);
            });
        });
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine("ready");
        // Runs until the benchmark closes standard input or kills it.
        await Console.In.ReadToEndAsync();
        await host.StopAsync();
        return 0;
    }

    sealed class NoOpConsumer : IConsumer<SendEmail>
    {
        public Task Consume(ConsumeContext<SendEmail> context)
        {
            var n = Interlocked.Increment(ref consumed);
            if (n % reportEvery == 0)
            {
                Console.WriteLine($"consumed {n}");
            }

            return Task.CompletedTask;
        }
    }
}
