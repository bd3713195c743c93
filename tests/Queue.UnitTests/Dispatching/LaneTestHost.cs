using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching;
using Queue.Dispatching.Bounces;
using Queue.Dispatching.Consumers;
using Queue.Dispatching.Delivery;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Parking;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Bounces;
using Queue.Sending.Hours;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;
using Queue.Sending.Transport;
using Queue.UnitTests.Dispatching.Fakes;

namespace Queue.UnitTests.Dispatching;

/// <summary>
/// The lane's steps on MassTransit's in-memory test harness, a fake clock and fakes for the stores, the transport and
/// parking: either the <see cref="LaneConsumer"/> itself, or a probe consumer that runs one step on a real consume context.
/// </summary>
sealed class LaneTestHost : IAsyncDisposable
{
    public const string Account = "intranet@pasto.gov.co";

    readonly ServiceProvider provider;

    LaneTestHost(ServiceProvider provider) => this.provider = provider;

    public TimerAwareClock Clock { get; } = new(TestRequests.Now);
    public FakeQuotaGate Quotas { get; } = new();
    public FakeMailTransport Transport { get; } = new();
    public FakeRequestLedger Ledger { get; } = new();
    public FakeWarmupHolds Warmups { get; } = new();
    public FakeSentRecords SentRecords { get; } = new();
    public RecordingParking Parking { get; } = new();

    public DispatcherOptions Options { get; } = new()
    {
        MaxAttempts = 3, RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)], InFlightRetryDelay = TimeSpan.FromSeconds(30),
    };

    public ITestHarness Harness => provider.GetRequiredService<ITestHarness>();

    public Lane Lane => Get<LaneDirectory>().For(Account);

    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    /// <summary>A host running the lane consumer.</summary>
    public static Task<LaneTestHost> StartAsync(Action<LaneTestHost>? arrange = null) =>
        StartAsync(x => x.AddConsumer<LaneConsumer>(), arrange);

    /// <summary>A host whose only consumer runs <paramref name="step"/> on each request, as the lane consumer would.</summary>
    public static Task<LaneTestHost> StartProbeAsync(Func<IServiceProvider, LaneDelivery, Task> step, Action<LaneTestHost>? arrange = null) =>
        StartAsync(x => x.AddConsumer<StepProbe>(), arrange, services => services.AddSingleton(new StepProbe.Step(step)));

    static async Task<LaneTestHost> StartAsync(Action<IBusRegistrationConfigurator> consumers, Action<LaneTestHost>? arrange, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        LaneTestHost? host = null;
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
        services.AddMetrics();
        services.AddSingleton(_ => host!.Options);
        services.AddSingleton<IOptions<DispatcherOptions>>(sp => Microsoft.Extensions.Options.Options.Create(sp.GetRequiredService<DispatcherOptions>()));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new BounceOptions()));
        services.AddSingleton<TimeProvider>(_ => host!.Clock);
        services.AddSingleton(_ => TestRequests.Senders());
        services.AddSingleton(_ => TestRequests.Composer());
        services.AddSingleton(_ => TestRequests.Validator());
        services.AddSingleton(_ => new SendingHours(new FixedOptionsMonitor<SendingHoursOptions>(new SendingHoursOptions())));
        services.AddSingleton(sp => new LaneDirectory(
            sp.GetRequiredService<Queue.Sending.Accounts.SenderDirectory>(), null, sp.GetRequiredService<IOptions<DispatcherOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LaneDirectory>>()));
        services.AddSingleton<DispatcherGauges>();
        services.AddSingleton<DispatcherMetrics>();
        services.AddSingleton<Rejections>();
        services.AddSingleton<IQuotaGate>(_ => host!.Quotas);
        services.AddSingleton<IMailTransport>(_ => host!.Transport);
        services.AddSingleton<IRequestLedger>(_ => host!.Ledger);
        services.AddSingleton<IWarmupHolds>(_ => host!.Warmups);
        services.AddSingleton<ISentRecords>(_ => host!.SentRecords);
        services.AddSingleton<ILaneParking>(_ => host!.Parking);
        services.AddLaneSteps();
        more?.Invoke(services);
        services.AddMassTransitTestHarness(consumers);

        host = new LaneTestHost(services.BuildServiceProvider(validateScopes: true));
        arrange?.Invoke(host);
        await host.Harness.Start();
        return host;
    }

    /// <summary>Delivers <paramref name="request"/> into the lane, as attempt <paramref name="attempt"/> (0 is the first).</summary>
    public Task DeliverAsync(SendEmail request, int attempt = 0, bool inDoubt = false, DateTimeOffset? due = null, string? claimToken = null) =>
        Harness.Bus.Publish(request, context =>
        {
            context.Headers.Set(ParkingLot.AttemptHeader, attempt);
            if (inDoubt)
            {
                context.Headers.Set(ParkingLot.InDoubtHeader, true);
            }

            if (claimToken is not null)
            {
                context.Headers.Set(ParkingLot.ClaimHeader, claimToken);
            }

            if (due is { } at)
            {
                context.Headers.Set(ParkingLot.DueHeader, at.ToUnixTimeMilliseconds());
            }
        });

    /// <summary>The first message of type <typeparamref name="T"/> published, once the harness saw one.</summary>
    public async Task<T> PublishedAsync<T>() where T : class
    {
        Assert.True(await Harness.Published.Any<T>(), $"no {typeof(T).Name} was published");
        return Harness.Published.Select<T>().First().Context.Message;
    }

    /// <summary>Whether the request was consumed, and the consumer did not fault.</summary>
    public async Task ConsumedAsync()
    {
        Assert.True(await Harness.Consumed.Any<SendEmail>(), "the request was not consumed");
        Assert.False(await Harness.Published.Any<Fault<SendEmail>>(), "the consumer faulted");
    }

    public async ValueTask DisposeAsync()
    {
        // A consumer still waiting on the fake clock (a test that failed before moving it) must not hold up the stop.
        Clock.Advance(TimeSpan.FromHours(1));
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
