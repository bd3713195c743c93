using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Delivery;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;

namespace Queue.UnitTests.Dispatching;

/// <summary>The reserve step: quota before SMTP, waited for in place, aside, or with the lane paused.</summary>
public sealed class ReserveStepTests
{
    readonly TaskCompletionSource<bool> granted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    Task<LaneTestHost> StartAsync(params QuotaDecision[] decisions) => LaneTestHost.StartProbeAsync(
        async (services, delivery) =>
        {
            var claim = new RequestClaim(delivery.Request.RequestId, RequestState.Began, "t1", "a1");
            var reservation = new QuotaRequest(claim.RequestId, "a1", delivery.Account.Address, 40);
            granted.SetResult(await services.GetRequiredService<ReserveStep>().ReserveAsync(delivery, reservation, claim));
        },
        h =>
        {
            foreach (var decision in decisions)
            {
                h.Quotas.Then(decision);
            }
        });

    Task<bool> Granted => granted.Task.WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_request_larger_than_any_window_is_refused_for_good_and_recorded()
    {
        await using var host = await StartAsync(new QuotaDecision(QuotaOutcome.TooLarge, Limit: new QuotaLimitId(QuotaScope.Account, "day")));

        await host.DeliverAsync(TestRequests.Valid());

        Assert.False(await Granted);
        var violation = Assert.Single((await host.PublishedAsync<EmailRejected>()).Violations);
        Assert.Equal(RuleNames.QuotaTooLarge, violation.Rule);
        Assert.Equal("40 recipients is more than the limit quota.account.day allows in any window; split the request", violation.Message);
        Assert.Equal(RequestState.Rejected, host.Ledger.Outcomes[TestRequests.Valid().RequestId].State);
    }

    [Fact]
    public async Task A_request_denied_for_its_size_waits_aside_while_the_lane_goes_on()
    {
        var until = TestRequests.Now.AddHours(1);
        await using var host = await StartAsync(new QuotaDecision(QuotaOutcome.Denied, until, new QuotaLimitId(QuotaScope.Account, "hour")) { ForItsSize = true });

        await host.DeliverAsync(TestRequests.Valid());

        Assert.False(await Granted);
        Assert.Equal(until, Assert.Single(host.Parking.Parkings).Due);
        Assert.Equal(("quota.account.hour", until), ((await host.PublishedAsync<EmailDeferred>()).Rule, (await host.PublishedAsync<EmailDeferred>()).Until));
        Assert.Null(host.Lane.PausedUntil);
        Assert.Single(host.Ledger.Abandoned);
    }

    [Fact]
    public async Task A_domain_limit_used_up_pauses_every_lane_of_the_domain()
    {
        var until = TestRequests.Now.AddMinutes(30);
        await using var host = await StartAsync(new QuotaDecision(QuotaOutcome.Denied, until, new QuotaLimitId(QuotaScope.Domain, "hour")));

        await host.DeliverAsync(TestRequests.Valid());

        Assert.False(await Granted);
        Assert.Equal(until, host.Lane.PausedUntil);
        Assert.Single(host.Parking.Requeues);
        Assert.Equal("limit quota.domain.hour is used up until then", (await host.PublishedAsync<EmailDeferred>()).Reason);
    }

    [Fact]
    public async Task A_wait_no_longer_than_the_in_place_limit_is_slept_on_the_clock_then_asked_again()
    {
        await using var host = await StartAsync(new QuotaDecision(QuotaOutcome.Denied, TestRequests.Now.AddSeconds(2), new QuotaLimitId(QuotaScope.Account, "minute")));

        await host.DeliverAsync(TestRequests.Valid());
        await host.Clock.FirstTimer;
        Assert.False(granted.Task.IsCompleted);
        Assert.Single(host.Quotas.Reserved);
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await Granted);
        Assert.Equal(2, host.Quotas.Reserved.Count);
        Assert.Empty(host.Ledger.Abandoned);
    }
}
