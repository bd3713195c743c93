using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Delivery;
using Queue.Sending.Ledger;

namespace Queue.UnitTests.Dispatching;

/// <summary>The ready step: whether a lane's request may go now, before any claim.</summary>
public sealed class ReadyStepTests
{
    readonly TaskCompletionSource<bool> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    Task<LaneTestHost> StartAsync(Action<LaneTestHost>? arrange = null) => LaneTestHost.StartProbeAsync(
        async (services, delivery) =>
        {
            var step = services.GetRequiredService<ReadyStep>();
            ready.SetResult(await step.ValidAsync(delivery.Request) && await step.ReadyAsync(delivery));
        },
        arrange);

    Task<bool> Ready => ready.Task.WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_valid_request_due_now_is_ready_and_nothing_is_said()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync(TestRequests.Valid());

        Assert.True(await Ready);
        Assert.False(await host.Harness.Published.Any<EmailDeferred>());
        Assert.Empty(host.Ledger.Begun);
    }

    [Fact]
    public async Task A_request_no_longer_valid_is_refused_with_every_violation()
    {
        await using var host = await StartAsync();

        await host.DeliverAsync(TestRequests.Valid() with { Subject = "" });

        Assert.False(await Ready);
        Assert.Contains((await host.PublishedAsync<EmailRejected>()).Violations, v => v.Rule == RuleNames.SubjectMissing);
    }

    [Fact]
    public async Task A_request_back_from_parking_early_waits_again_silently()
    {
        await using var host = await StartAsync();
        var due = TestRequests.Now.AddMinutes(3);

        await host.DeliverAsync(TestRequests.Valid(), attempt: 2, due: due);

        Assert.False(await Ready);
        var parked = Assert.Single(host.Parking.Parkings);
        Assert.Equal((due, 2), (parked.Due, parked.Attempt));
        Assert.False(await host.Harness.Published.Any<EmailDeferred>());
    }

    [Fact]
    public async Task A_request_scheduled_later_is_deferred_until_then()
    {
        await using var host = await StartAsync();
        var notBefore = TestRequests.Now.AddHours(2);

        await host.DeliverAsync(TestRequests.Valid() with { NotBefore = notBefore });

        Assert.False(await Ready);
        var deferred = await host.PublishedAsync<EmailDeferred>();
        Assert.Equal((RuleNames.NotBefore, notBefore), (deferred.Rule, deferred.Until));
        Assert.Equal(notBefore, Assert.Single(host.Parking.Parkings).Due);
    }

    [Fact]
    public async Task Bulk_mail_held_by_a_listing_waits_unless_it_is_finished_already()
    {
        var cancelled = new EmailRejected { RequestId = TestRequests.Valid().RequestId, Reason = "cancelled" };
        await using var host = await StartAsync(h =>
        {
            h.Lane.BulkHeldBy = "listed on zen.spamhaus.org";
            h.Ledger.Peeked = new RequestClaim(cancelled.RequestId, RequestState.Rejected, "", Outcome: RequestOutcome.Of(cancelled));
        });

        await host.DeliverAsync(TestRequests.Valid() with { Priority = EmailPriority.Bulk });

        Assert.False(await Ready);
        Assert.Equal("cancelled", (await host.PublishedAsync<EmailRejected>()).Reason);
        Assert.Empty(host.Parking.Parkings);
        Assert.False(await host.Harness.Published.Any<EmailDeferred>());
    }
}
