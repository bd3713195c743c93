using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatcher.Lanes;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Lanes;

namespace Queue.IntegrationTests;

/// <summary>The SMTP server is not started yet: its port refuses connections until a test starts it.</summary>
public class SessionHoldFixture : DispatcherFixture
{
    internal FaultSmtpServer Smtp { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Mail:Smtp:Port", Smtp.Port.ToString()),
        new("Mail:Smtp:TimeoutSeconds", "5"),

        // One attempt only: a refused session must not use it up.
        new("Dispatcher:MaxAttempts", "1"),
        new("Dispatcher:SessionHold:Initial", "00:00:01"),
        new("Dispatcher:SessionHold:Max", "00:00:02"),
    ];

    internal LaneDirectory Lanes => Services.GetRequiredService<LaneDirectory>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}

/// <summary>A refused session holds the account's lane and fails nothing; the request goes once the server takes sessions again.</summary>
public class SessionHoldTests(SessionHoldFixture dispatcher) : IClassFixture<SessionHoldFixture>
{
    [Fact]
    public async Task A_refused_connection_holds_the_lane_and_the_request_is_sent_once_the_server_is_back()
    {
        var request = DispatcherFixture.Request("Sesión rechazada") with { From = "intranet@pasto.gov.co", To = ["ana@pasto.gov.co"] };

        await dispatcher.PublishAsync(request);

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(request.RequestId);
        Assert.Equal(RuleNames.SmtpSession, deferred.Rule);
        Assert.Contains("refused the session of intranet@pasto.gov.co", deferred.Reason);
        var lane = dispatcher.Lanes.For("intranet@pasto.gov.co");
        var hold = lane.Holds.FirstOrDefault(h => h.Kind == LaneHoldKind.Session);
        if (hold is not null)
        {
            // Seen while in force (a loaded machine may have ended the one-second hold already): reason, since, next try.
            Assert.Contains("refused the session", hold.Reason);
            Assert.NotNull(hold.NextTry);
            Assert.True(hold.NextTry > hold.Since);
        }

        await dispatcher.Smtp.StartAsync();

        var sent = await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId, TimeSpan.FromSeconds(60));
        Assert.Equal(["ana@pasto.gov.co"], sent.Recipients);
        Assert.DoesNotContain(dispatcher.Events.All<EmailFailed>(), e => e.RequestId == request.RequestId);
        Assert.All(dispatcher.Events.All<EmailDeferred>().Where(e => e.RequestId == request.RequestId), e => Assert.Equal(RuleNames.SmtpSession, e.Rule));
        Assert.Single(dispatcher.Smtp.Accepted(), m => m.Subject == request.Subject);
        Assert.DoesNotContain(lane.Holds, h => h.Kind == LaneHoldKind.Session);
    }
}
