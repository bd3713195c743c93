using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Policy;

namespace Queue.IntegrationTests;

public class FaultSmtpFixture : DispatcherFixture
{
    internal FaultSmtpServer Smtp { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Mail:Smtp:Port", Smtp.Port.ToString()),
        new("Mail:Smtp:FinalReplyTimeoutSeconds", "2"),
        new("Dispatcher:MaxAttempts", "2"),
        new("Dispatcher:RetryDelays:0", "00:00:01"),
        new("Dispatcher:ThrottlePause", "00:00:30"),
    ];

    internal LaneDirectory Lanes => Services.GetRequiredService<LaneDirectory>();

    public override async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}

/// <summary>What a real provider answers under stress, from a real SMTP server that answers so.</summary>
public class SmtpFaultTests(FaultSmtpFixture dispatcher) : IClassFixture<FaultSmtpFixture>
{
    static SendEmail To(string from, string subject, params string[] recipients) =>
        DispatcherFixture.Request(subject) with { From = from, To = recipients };

    [Fact]
    public async Task One_refused_recipient_among_several_is_reported_and_the_others_receive_it()
    {
        var request = To("intranet@pasto.gov.co", "Uno rechazado", "ana@pasto.gov.co", "unknown@pasto.gov.co", "luis@pasto.gov.co");

        await dispatcher.PublishAsync(request);

        var sent = await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        Assert.Equal(["ana@pasto.gov.co", "luis@pasto.gov.co"], sent.Recipients);
        var refused = Assert.Single(sent.RefusedRecipients);
        Assert.Equal("unknown@pasto.gov.co", refused.Address);
        Assert.Contains("550", refused.SmtpReply);
        var accepted = Assert.Single(dispatcher.Smtp.Accepted(), m => m.Subject == request.Subject);
        Assert.Equal(["ana@pasto.gov.co", "luis@pasto.gov.co"], accepted.Recipients);
    }

    [Fact]
    public async Task Recipients_refused_for_now_go_again_in_a_derived_request_within_the_attempts_of_the_original()
    {
        var request = To("intranet@pasto.gov.co", "Greylisting", "ana@pasto.gov.co", "busy@pasto.gov.co", "unknown@pasto.gov.co");
        var derived = DerivedRequestIds.For(request.RequestId, "deferred-1");

        await dispatcher.PublishAsync(request);

        var sent = await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        Assert.Equal(["ana@pasto.gov.co"], sent.Recipients);
        Assert.Equal("unknown@pasto.gov.co", Assert.Single(sent.RefusedRecipients).Address);
        var deferred = Assert.Single(sent.DeferredRecipients);
        Assert.Equal("busy@pasto.gov.co", deferred.Address);
        Assert.StartsWith("451", deferred.SmtpReply);
        Assert.Equal(derived, sent.DeferredRequestId);

        // busy@ stays busy: the derived request tries once more (the second and last attempt of the original's two)
        // for that recipient alone, then fails, under its own id.
        var failed = await dispatcher.Events.WaitForAsync<EmailFailed>(derived, TimeSpan.FromSeconds(30));
        Assert.False(failed.Permanent);
        Assert.Equal(2, failed.Attempts);
        Assert.Equal("busy@pasto.gov.co", Assert.Single(failed.RefusedRecipients).Address);
        Assert.DoesNotContain(dispatcher.Events.All<EmailFailed>(), e => e.RequestId == request.RequestId);
        Assert.Equal(["ana@pasto.gov.co"], Assert.Single(dispatcher.Smtp.Accepted(), m => m.Subject == request.Subject).Recipients);
    }

    [Fact]
    public async Task Every_recipient_refused_for_good_fails_permanently()
    {
        var request = To("intranet@pasto.gov.co", "Todos rechazados", "unknown@pasto.gov.co");

        await dispatcher.PublishAsync(request);

        var failed = await dispatcher.Events.WaitForAsync<EmailFailed>(request.RequestId);
        Assert.True(failed.Permanent);
        Assert.Contains("5.1.1", failed.SmtpReply);
        Assert.Equal(1, failed.Attempts);
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_then_reported_failed()
    {
        var request = To("intranet@pasto.gov.co", "Falla temporal", "tempfail-data@pasto.gov.co");

        await dispatcher.PublishAsync(request);

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(request.RequestId);
        Assert.Equal(RuleNames.SmtpTransient, deferred.Rule);
        Assert.Contains("451", deferred.Reason);
        var failed = await dispatcher.Events.WaitForAsync<EmailFailed>(request.RequestId, TimeSpan.FromSeconds(30));
        Assert.False(failed.Permanent);
        Assert.Equal(2, failed.Attempts);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_and_is_retried()
    {
        var request = To("intranet@pasto.gov.co", "Sin respuesta", "silent@pasto.gov.co");

        await dispatcher.PublishAsync(request);

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(request.RequestId, TimeSpan.FromSeconds(30));
        Assert.Equal(RuleNames.SmtpTransient, deferred.Rule);
        Assert.Contains("within 2 s", deferred.Reason);
    }

    [Theory]
    [InlineData("secretarias@pasto.gov.co", "daily-limit@pasto.gov.co", "5.4.5")]
    [InlineData("soportesistemas@pasto.gov.co", "exchange-quota@pasto.gov.co", "SubmissionQuotaExceeded")]
    public async Task A_provider_quota_reply_pauses_the_account_and_keeps_the_request(string account, string recipient, string marker)
    {
        var request = To(account, $"Cuota del proveedor {marker}", recipient);

        await dispatcher.PublishAsync(request);

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(request.RequestId);
        Assert.Equal(RuleNames.SmtpThrottled, deferred.Rule);
        Assert.Contains(marker, deferred.Reason);
        var lane = dispatcher.Lanes.For(account);
        Assert.NotNull(lane.PausedUntil);
        Assert.Contains(marker, lane.PauseReason);
        Assert.DoesNotContain(dispatcher.Events.All<EmailFailed>(), e => e.RequestId == request.RequestId);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await dispatcher.Management.DepthAsync(dispatcher.VirtualHost, lane.QueueName) != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, await dispatcher.Management.DepthAsync(dispatcher.VirtualHost, lane.QueueName));
    }
}
