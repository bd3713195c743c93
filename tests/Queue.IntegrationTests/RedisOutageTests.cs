using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;

namespace Queue.IntegrationTests;

public class PrivateRedisFixture : DispatcherFixture
{
    internal RedisProcess Redis { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Redis:Configuration", $"127.0.0.1:{Redis.Port},connectTimeout=1000,syncTimeout=1000"),
        new("Dispatcher:InfrastructureRetryDelay", "00:00:01"),
    ];

    public override async Task InitializeAsync()
    {
        await Redis.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Redis.Dispose();
    }
}

/// <summary>Without the quota store nothing is sent; the request is kept and goes out when Redis returns.</summary>
public class RedisOutageTests(PrivateRedisFixture dispatcher) : IClassFixture<PrivateRedisFixture>
{
    [Fact]
    public async Task Fails_closed_while_redis_is_down_and_resumes_by_itself()
    {
        var before = DispatcherFixture.Request("Antes del corte");
        await dispatcher.PublishAsync(before);
        await dispatcher.Events.WaitForAsync<EmailSent>(before.RequestId);

        dispatcher.Redis.Stop();
        var during = DispatcherFixture.Request("Durante el corte");
        await dispatcher.PublishAsync(during);
        // Admission reads the suppression list in Redis: the request waits unacknowledged, neither accepted nor failed.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(during.Subject));
        Assert.DoesNotContain(dispatcher.Events.All<EmailSent>(), e => e.RequestId == during.RequestId);
        Assert.DoesNotContain(dispatcher.Events.All<EmailFailed>(), e => e.RequestId == during.RequestId);
        Assert.DoesNotContain(dispatcher.Events.All<EmailRejected>(), e => e.RequestId == during.RequestId);

        await dispatcher.Redis.StartAsync();
        await dispatcher.Events.WaitForAsync<EmailSent>(during.RequestId, TimeSpan.FromSeconds(30));
        Assert.Single(await dispatcher.Sink.WithSubjectAsync(during.Subject));
    }
}
