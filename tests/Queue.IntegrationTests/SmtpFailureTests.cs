using Queue.Contracts;

namespace Queue.IntegrationTests;

public class UnreachableSmtpFixture : DispatcherFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Mail:Smtp:Port", FreePort.Find().ToString()),
        new("Dispatcher:RetryDelays:0", "00:00:01"),
        new("Dispatcher:RetryDelays:1", "00:00:01"),
        new("Dispatcher:MaxAttempts", "3"),
    ];
}

/// <summary>
/// An SMTP server that cannot be reached is a failure of the session, not of the message: the request is deferred and
/// kept (the lane is held with backoff, see SessionHoldTests), never failed, whatever MaxAttempts says.
/// </summary>
public class SmtpFailureTests(UnreachableSmtpFixture dispatcher) : IClassFixture<UnreachableSmtpFixture>
{
    [Fact]
    public async Task Connection_refused_defers_and_keeps_the_request_instead_of_failing_it()
    {
        var request = DispatcherFixture.Request("Servidor caído");

        await dispatcher.PublishAsync(request);

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(request.RequestId);
        Assert.Equal(RuleNames.SmtpSession, deferred.Rule);
        Assert.Contains("connection failed", deferred.Reason);

        // Three attempts with 1 s between them would have failed it before; a session hold spends none of them.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(dispatcher.Events.All<EmailFailed>(), e => e.RequestId == request.RequestId);
        Assert.Empty(dispatcher.Events.All<EmailSent>());
    }
}
