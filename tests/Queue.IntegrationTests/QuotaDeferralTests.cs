using Queue.Contracts;

namespace Queue.IntegrationTests;

public class TightQuotaFixture : DispatcherFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Quotas:SafetyMargin", "0"),
        new("Quotas:Account:0:Name", "burst"),
        new("Quotas:Account:0:Window", "00:00:03"),
        new("Quotas:Account:0:Messages", "2"),
        new("Quotas:Account:0:Recipients", "20"),
        new("Dispatcher:MaxInPlaceWait", "00:00:00"),
    ];
}

/// <summary>A request over the quota is deferred, kept, and sent when the window allows it.</summary>
public class QuotaDeferralTests(TightQuotaFixture dispatcher) : IClassFixture<TightQuotaFixture>
{
    [Fact]
    public async Task Requests_over_the_limit_wait_for_the_next_window_and_are_then_sent()
    {
        // Five in quick succession cannot fit in the windows of two per three seconds they span.
        var requests = Enumerable.Range(1, 5).Select(i => DispatcherFixture.Request($"Cuota {i}")).ToList();

        foreach (var request in requests)
        {
            await dispatcher.PublishAsync(request);
        }

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(e => requests.Any(r => r.RequestId == e.RequestId));
        Assert.Equal("quota.account.burst", deferred.Rule);
        Assert.True(deferred.Until > deferred.DeferredAt);
        Assert.True(deferred.Until - deferred.DeferredAt <= TimeSpan.FromSeconds(3));

        var sent = new List<EmailSent>();
        foreach (var request in requests)
        {
            sent.Add(await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId, TimeSpan.FromSeconds(30)));
        }

        var late = sent.Single(s => s.RequestId == deferred.RequestId);
        Assert.True(late.SentAt >= deferred.Until, $"sent at {late.SentAt:O}, before the window opened at {deferred.Until:O}");
        Assert.Equal(5, (await dispatcher.Sink.AllAsync()).Count(m => requests.Any(r => r.Subject == m.Subject)));
    }

    [Fact]
    public async Task A_request_with_more_recipients_than_any_window_allows_is_rejected()
    {
        var request = DispatcherFixture.Request("Demasiados") with
        {
            To = Enumerable.Range(0, 21).Select(i => $"persona{i}@pasto.gov.co").ToList(),
        };

        await dispatcher.PublishAsync(request);

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId);
        Assert.Equal(RuleNames.QuotaTooLarge, Assert.Single(rejected.Violations).Rule);
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(request.Subject));
    }

    [Fact]
    public async Task A_request_scheduled_for_later_waits_until_then()
    {
        var notBefore = DateTimeOffset.UtcNow.AddSeconds(2);
        var request = DispatcherFixture.Request("Programado") with { NotBefore = notBefore };

        await dispatcher.PublishAsync(request);

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(e => e.RequestId == request.RequestId && e.Rule == RuleNames.NotBefore);
        Assert.Equal(notBefore.ToUnixTimeMilliseconds(), deferred.Until.ToUnixTimeMilliseconds());
        var sent = await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId, TimeSpan.FromSeconds(30));
        Assert.True(sent.SentAt >= notBefore);
    }
}
