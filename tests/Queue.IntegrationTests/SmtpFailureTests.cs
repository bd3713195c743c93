using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;

namespace Queue.IntegrationTests;

public class UnreachableSmtpFixture : DispatcherFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Mail:Smtp:Port", ClosedPort.Find().ToString()),
        new("Dispatcher:RetryDelays:0", "00:00:01"),
        new("Dispatcher:RetryDelays:1", "00:00:01"),
        new("Dispatcher:MaxAttempts", "3"),
    ];
}

/// <summary>An SMTP server that cannot be reached: retried with backoff, then reported failed; quota given back.</summary>
public class SmtpFailureTests(UnreachableSmtpFixture dispatcher) : IClassFixture<UnreachableSmtpFixture>
{
    [Fact]
    public async Task Connection_refused_is_retried_then_reported_as_failed_not_permanent()
    {
        var request = DispatcherFixture.Request("Servidor caído");

        await dispatcher.PublishAsync(request);

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(request.RequestId);
        Assert.Equal(RuleNames.SmtpTransient, deferred.Rule);
        Assert.Contains("connection failed", deferred.Reason);
        var failed = await dispatcher.Events.WaitForAsync<EmailFailed>(request.RequestId, TimeSpan.FromSeconds(30));
        Assert.False(failed.Permanent);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(2, dispatcher.Events.All<EmailDeferred>().Count(e => e.RequestId == request.RequestId));
        Assert.Empty(dispatcher.Events.All<EmailSent>());
    }
}
