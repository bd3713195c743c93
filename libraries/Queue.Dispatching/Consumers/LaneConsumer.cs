using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Delivery;
using Queue.Dispatching.Lanes;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Validation;
using StackExchange.Redis;

namespace Queue.Dispatching.Consumers;

/// <summary>
/// Sends the requests of one sender account's lane, in explicit steps: ready (may it go now), claim (the ledger),
/// reserve (the quota), submit (SMTP), then settle and report what it came to. A request is acknowledged only when
/// it was sent, definitively refused (with an event saying why), or put back durably; when the quota is used up the
/// request goes back into the lane and the lane pauses until the exact instant the quota allows it. A request denied
/// only for its size waits aside while the lane goes on. The outcome is kept in the ledger first, so a redelivery
/// announces it again.
/// </summary>
public sealed class LaneConsumer(
    SenderDirectory senders,
    LaneDirectory lanes,
    MailComposer composer,
    ReadyStep ready,
    ClaimStep claims,
    ReserveStep quota,
    SubmitStep smtp,
    OutcomeStep outcomes,
    LaneWaits waits,
    ILogger<LaneConsumer> logger) : IConsumer<SendEmail>
{
    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var request = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = request.RequestId });
        if (!await ready.ValidAsync(request))
        {
            return;
        }

        senders.TryGet(Mailbox.Parse(request.From).Address, out var account);
        var delivery = new LaneDelivery(context, account, lanes.For(account.Address));
        if (!await ready.ReadyAsync(delivery))
        {
            return;
        }

        try
        {
            await DeliverAsync(delivery);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested && delivery.ClaimToken is not null)
        {
            await waits.InterruptedAsync(delivery);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            await waits.StoreUnreachableAsync(delivery, e);
        }
    }

    async Task DeliverAsync(LaneDelivery delivery)
    {
        var (request, account) = (delivery.Request, delivery.Account);

        var mail = composer.Compose(request, account);

        // The lease outlives the longest send of this message this process could still be in, so no other copy starts meanwhile.
        var lease = SendLease.For(mail, account.Route);
        if (await claims.BeginAsync(delivery, lease) is not { } claim)
        {
            return;
        }

        // One name per SMTP attempt: kept only when this claim took over one that never reached the server.
        var reservation = new QuotaRequest(request.RequestId, claim.QuotaAttempt, account.Address, mail.Recipients.Count());
        if (!await quota.ReserveAsync(delivery, reservation, claim))
        {
            return;
        }

        // The quota wait may have eaten into the lease: it starts again now, covering the whole send.
        if (!await claims.RenewAsync(delivery, claim, reservation, lease))
        {
            return;
        }

        // From here the server may get the message: a Redis failure must not hand the claim on as untouched.
        delivery.ClaimToken = null;
        var submission = await smtp.SubmitAsync(delivery, mail);
        await outcomes.SettleAsync(delivery, mail, reservation, claim, submission);
    }
}
