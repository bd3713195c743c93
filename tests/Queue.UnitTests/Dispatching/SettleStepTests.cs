using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Delivery;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;

namespace Queue.UnitTests.Dispatching;

/// <summary>The settle step: what an attempt leaves in the ledger and the quota; best effort once the server took it.</summary>
public sealed class SettleStepTests
{
    static readonly QuotaRequest Reservation = new(TestRequests.Valid().RequestId, "a1", LaneTestHost.Account, 1);

    static async Task<LaneTestHost> SettleAsync(Func<SettleStep, Task> settle, Action<LaneTestHost>? arrange = null)
    {
        var done = new TaskCompletionSource();
        var host = await LaneTestHost.StartProbeAsync(
            async (services, _) =>
            {
                await settle(services.GetRequiredService<SettleStep>());
                done.SetResult();
            },
            arrange);
        await host.DeliverAsync(TestRequests.Valid());
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task What_the_provider_may_have_counted_is_confirmed_and_the_rest_refunded(bool counted)
    {
        await using var host = await SettleAsync(s => s.QuotaAsync(Reservation, new SendResult(SendStatus.TransientFailure, "451", [], counted)));

        Assert.Equal(counted ? 1 : 0, host.Quotas.Confirmed.Count);
        Assert.Equal(counted ? 0 : 1, host.Quotas.Refunded.Count);
    }

    [Fact]
    public async Task A_sent_request_is_recorded_and_its_quota_confirmed()
    {
        var sent = new EmailSent { RequestId = Reservation.RequestId, From = LaneTestHost.Account, MessageId = "<m@pasto.gov.co>" };

        await using var host = await SettleAsync(s => s.SentAsync(RequestOutcome.Of(sent), Reservation, new SendResult(SendStatus.Sent, "250", [], true)));

        Assert.Equal(sent, host.Ledger.Outcomes[Reservation.RequestId].Sent);
        Assert.Single(host.Quotas.Confirmed);
    }

    [Fact]
    public async Task Without_the_store_a_sent_request_is_not_remembered_for_bounces_and_nothing_fails()
    {
        await using var host = await SettleAsync(
            s => s.RecordSentAsync(Reservation.RequestId, LaneTestHost.Account, ["ana.perez@pasto.gov.co"]),
            h => h.SentRecords.Unreachable = true);

        Assert.Empty(host.SentRecords.Recorded);
        Assert.False(await host.Harness.Published.Any<MassTransit.Fault<SendEmail>>());
    }

    [Fact]
    public async Task A_throttled_day_holds_the_warm_up_of_the_account()
    {
        await using var host = await SettleAsync(s => s.HoldWarmupAsync(LaneTestHost.Account));

        Assert.Equal([LaneTestHost.Account], host.Warmups.Held);
    }
}
