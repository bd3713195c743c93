using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Lanes;
using Queue.Sending.Transport;
using Queue.Dispatcher.ReadModel;

namespace Queue.IntegrationTests;

/// <summary>A dispatcher with a small recipient window, and a transport that throws for one marked recipient.</summary>
public class EdgeFixture : DispatcherFixture
{
    public const string Unsendable = "no-se-puede@pasto.gov.co";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Quotas:SafetyMargin", "0"),
        new("Quotas:Account:0:Name", "burst"),
        new("Quotas:Account:0:Window", "00:00:06"),
        new("Quotas:Account:0:Recipients", "5"),
        new("Dispatcher:MaxInPlaceWait", "00:00:00"),
        new("Dispatcher:LaneConcurrency", "3"),
    ];

    internal CapturedLogs Logs { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder web) =>
        web.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug))
            .ConfigureTestServices(services => services.AddSingleton<IMailTransport>(sp =>
                new ThrowingTransport(ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp))));

    internal LaneDirectory Lanes => Services.GetRequiredService<LaneDirectory>();

    internal LaneStateStore LaneStates => Services.GetRequiredService<LaneStateStore>();

    /// <summary>Stands for a transport that cannot write an address the validator let through.</summary>
    sealed class ThrowingTransport(IMailTransport inner) : IMailTransport
    {
        public Task<SendResult> SendAsync(OutgoingMail mail, SmtpRoute route, CancellationToken cancellationToken) =>
            mail.Recipients.Any(r => r.Address == Unsendable)
                ? throw new ArgumentException($"'{Unsendable}' cannot be an SMTP path")
                : inner.SendAsync(mail, route, cancellationToken);
    }
}

/// <summary>Edges of the send path: head-of-line by size, outcomes announced again, transport exceptions, lane read model.</summary>
public class EdgeCaseTests(EdgeFixture dispatcher) : IClassFixture<EdgeFixture>
{
    // The size test has this account's window to itself; the others send from soportesistemas@.
    const string Account = "intranet@pasto.gov.co";

    static SendEmail To(int recipients, string subject, EmailPriority priority = EmailPriority.Normal) =>
        DispatcherFixture.Request(subject) with
        {
            To = Enumerable.Range(1, recipients).Select(i => $"persona{i}@pasto.gov.co").ToList(), Priority = priority,
        };

    static async Task Until(Func<Task<bool>> condition, string failure)
    {
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(20); DateTimeOffset.UtcNow < deadline; await Task.Delay(100))
        {
            if (await condition())
            {
                return;
            }
        }

        Assert.Fail(failure);
    }

    [Fact]
    public async Task A_large_request_waiting_for_room_holds_back_neither_urgent_nor_small_ones_and_goes_when_the_window_frees()
    {
        var filler = To(3, "Relleno");
        await dispatcher.PublishAsync(filler);
        await dispatcher.Events.WaitForAsync<EmailSent>(filler.RequestId);

        var large = To(4, "Grande");
        await dispatcher.PublishAsync(large);
        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(large.RequestId);
        var urgent = To(1, "Urgente", EmailPriority.Urgent);
        await dispatcher.PublishAsync(urgent);
        var urgentSent = await dispatcher.Events.WaitForAsync<EmailSent>(urgent.RequestId);

        Assert.True(urgentSent.SentAt < deferred.Until, "the urgent one waited behind the large one");
        Assert.Null(dispatcher.Lanes.For(Account).PausedUntil);
        var largeSent = await dispatcher.Events.WaitForAsync<EmailSent>(large.RequestId, TimeSpan.FromSeconds(40));
        Assert.True(largeSent.SentAt >= deferred.Until);
        Assert.Equal(4, largeSent.Recipients.Count);
    }

    [Fact]
    public async Task A_request_published_again_after_it_was_sent_announces_the_same_outcome_again()
    {
        var request = To(1, "Dos veces") with { From = "soportesistemas@pasto.gov.co" };
        await dispatcher.PublishAsync(request);
        var first = await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);

        await dispatcher.PublishAsync(request);
        await Until(() => Task.FromResult(dispatcher.Events.All<EmailSent>().Count(s => s.RequestId == request.RequestId) >= 2), "the outcome was not announced again");

        var announced = dispatcher.Events.All<EmailSent>().Where(e => e.RequestId == request.RequestId).ToList();
        Assert.All(announced, e => Assert.Equal(first.MessageId, e.MessageId));
        Assert.All(announced, e => Assert.False(e.InDoubt));
        Assert.Single(await dispatcher.Sink.WithSubjectAsync(request.Subject));
    }

    [Fact]
    public async Task A_request_the_transport_cannot_send_fails_with_its_reason_instead_of_looping()
    {
        var request = DispatcherFixture.Request("Imposible") with { From = "soportesistemas@pasto.gov.co", To = [EdgeFixture.Unsendable] };
        await dispatcher.PublishAsync(request);

        var failed = await dispatcher.Events.WaitForAsync<EmailFailed>(request.RequestId);

        Assert.True(failed.Permanent);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("cannot be an SMTP path", failed.Reason);
        Assert.DoesNotContain(dispatcher.Events.All<EmailDeferred>(), e => e.RequestId == request.RequestId);
    }

    [Fact]
    public async Task Pausing_and_resuming_a_lane_while_it_sends_logs_no_error_and_loses_no_event()
    {
        const string account = "secretarias@pasto.gov.co";
        var lane = dispatcher.Lanes.For(account);
        var requests = Enumerable.Range(1, 12).Select(i => To(1, $"Pausa y reanuda {i}") with { From = account }).ToList();
        var firstLine = dispatcher.Logs.Lines.Count;

        // Twelve one-recipient requests through a window of five: the quota pauses and resumes the lane twice, and
        // an operator-like hold comes and goes meanwhile, while up to three consumers are at work.
        foreach (var request in requests)
        {
            await dispatcher.PublishAsync(request);
        }

        for (var i = 0; i < 4; i++)
        {
            lane.Hold(LaneHoldKind.Operator, "test-toggle", null, "paused by the test");
            await Task.Delay(300);
            lane.Release("test-toggle");
            await Task.Delay(700);
        }

        foreach (var request in requests)
        {
            await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId, TimeSpan.FromSeconds(60));
        }

        var lines = dispatcher.Logs.Lines.Skip(firstLine).ToList();
        var errors = lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)
            || l.Contains("ObjectDisposedException") || l.Contains("Cannot Retry", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.All(requests, r => Assert.Single(dispatcher.Events.All<EmailSent>(), e => e.RequestId == r.RequestId));
        Assert.Contains(dispatcher.Events.All<EmailDeferred>(), d => requests.Any(r => r.RequestId == d.RequestId) && d.Rule == "quota.account.burst");
    }

    [Fact]
    public async Task A_lane_held_shows_why_since_and_until_in_the_read_model_and_clears_when_released()
    {
        var lane = dispatcher.Lanes.For("secretarias@pasto.gov.co");
        var until = DateTimeOffset.UtcNow.AddMinutes(5);

        lane.Hold(LaneHoldKind.Session, Lane.SessionHold, until, "535 5.7.8 authentication failed");
        await Until(async () => (await dispatcher.LaneStates.ForAsync(lane.Account, DateTimeOffset.UtcNow)).Count == 1, "the hold was not published");
        var hold = (await dispatcher.LaneStates.ForAsync(lane.Account, DateTimeOffset.UtcNow)).Single();
        lane.Release(Lane.SessionHold);

        Assert.Equal(LaneHoldKind.Session, hold.Kind);
        Assert.Equal("535 5.7.8 authentication failed", hold.Reason);
        Assert.Equal(until, hold.Until);
        Assert.Equal(until, hold.NextTry);
        await Until(async () => (await dispatcher.LaneStates.ForAsync(lane.Account, DateTimeOffset.UtcNow)).Count == 0, "the hold was not cleared");
    }
}
