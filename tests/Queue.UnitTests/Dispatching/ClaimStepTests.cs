using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Delivery;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;

namespace Queue.UnitTests.Dispatching;

/// <summary>The claim step: the ledger claim an attempt makes before anything else, and what it finds.</summary>
public sealed class ClaimStepTests
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_fresh_claim_names_its_token_before_asking_and_takes_over_the_one_handed_on()
    {
        var outcome = new TaskCompletionSource<(RequestClaim? Claim, string? Token, bool InDoubt)>();
        await using var host = await LaneTestHost.StartProbeAsync(async (services, delivery) =>
        {
            var claim = await services.GetRequiredService<ClaimStep>().BeginAsync(delivery, Lease);
            outcome.SetResult((claim, delivery.ClaimToken, delivery.InDoubt));
        });

        await host.DeliverAsync(TestRequests.Valid(), claimToken: "old-token");

        var (claim, token, inDoubt) = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var begun = Assert.Single(host.Ledger.Begun);
        Assert.Equal((token, "old-token", Lease), (begun.Token, begun.HandedOn, begun.Lease));
        Assert.Equal(RequestState.Began, claim!.State);
        Assert.False(inDoubt);
    }

    [Fact]
    public async Task A_claim_resumed_after_a_dispatcher_stopped_is_in_doubt()
    {
        var inDoubt = new TaskCompletionSource<bool>();
        await using var host = await LaneTestHost.StartProbeAsync(
            async (services, delivery) =>
            {
                Assert.NotNull(await services.GetRequiredService<ClaimStep>().BeginAsync(delivery, Lease));
                inDoubt.SetResult(delivery.InDoubt);
            },
            h => h.Ledger.BeginsAs = (id, token) => new RequestClaim(id, RequestState.Resumed, token));

        await host.DeliverAsync(TestRequests.Valid());

        Assert.True(await inDoubt.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_lost_renewal_gives_the_claim_up_refunds_and_looks_again_later()
    {
        var renewed = new TaskCompletionSource<(bool Renewed, string? Token)>();
        await using var host = await LaneTestHost.StartProbeAsync(
            async (services, delivery) =>
            {
                var claims = services.GetRequiredService<ClaimStep>();
                var claim = (await claims.BeginAsync(delivery, Lease))!;
                var ok = await claims.RenewAsync(delivery, claim, new QuotaRequest(claim.RequestId, "a1", delivery.Account.Address, 1), Lease);
                renewed.SetResult((ok, delivery.ClaimToken));
            },
            h => h.Ledger.Renews = false);

        await host.DeliverAsync(TestRequests.Valid());

        Assert.Equal((false, null), await renewed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(host.Quotas.Refunded);
        Assert.Single(host.Parking.Parkings);
    }

    [Fact]
    public async Task Asking_whether_a_request_is_finished_without_the_store_only_waits_on()
    {
        var finished = new TaskCompletionSource<bool>();
        await using var host = await LaneTestHost.StartProbeAsync(
            async (services, delivery) => finished.SetResult(await services.GetRequiredService<ClaimStep>().FinishedAsync(delivery)),
            h => h.Ledger.PeekFails = true);

        await host.DeliverAsync(TestRequests.Valid());

        Assert.False(await finished.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await host.Harness.Published.Any<EmailSent>());
    }
}
