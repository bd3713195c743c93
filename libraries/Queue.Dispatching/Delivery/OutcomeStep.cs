using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Composition;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// What a submission comes to: sent, failed for now (tried again later), failed for good, or a hold on the lane
/// (the provider throttles, or refused the session). Each settles the attempt (<see cref="SettleStep"/>), then puts
/// the request back (<see cref="LaneWaits"/>) or reports its outcome (<see cref="LaneReport"/>).
/// </summary>
public sealed class OutcomeStep(SettleStep settle, LaneWaits waits, LaneReport report, IOptions<DispatcherOptions> options, TimeProvider clock)
{
    public async Task SettleAsync(LaneDelivery delivery, OutgoingMail mail, QuotaRequest reservation, RequestClaim claim, Submission submission)
    {
        var (result, cannotSend) = submission;
        if (result.Throttled)
        {
            await settle.QuotaAsync(reservation, result);
            await settle.AbandonAsync(claim);
            await settle.HoldWarmupAsync(delivery.Account.Address);
            await waits.ThrottledAsync(delivery, result);
            return;
        }

        // The server refused the session (connection, TLS, greeting, login, MAIL FROM for the account), not this
        // message: every request of the account would fail the same way, so none fails. Nothing is recorded that
        // blocks a re-publish, and the quota is refunded when the server surely did not count it.
        if (result.Kind == SendFailureKind.Session && !cannotSend)
        {
            await settle.QuotaAsync(reservation, result);
            await settle.AbandonAsync(claim);
            await waits.SessionRefusedAsync(delivery, result);
            return;
        }

        switch (result.Status)
        {
            case SendStatus.Sent:
                await SentAsync(delivery, mail, reservation, result);
                break;
            case SendStatus.TransientFailure when delivery.Attempt + 1 < options.Value.MaxAttempts && !cannotSend:
                await settle.QuotaAsync(reservation, result);
                if (result.Unanswered)
                {
                    report.InDoubt(delivery, "the server got the whole message and did not answer; it goes again later");
                }

                await settle.AbandonAsync(claim);
                await waits.RetryLaterAsync(delivery, result);
                break;
            default:
                await FailedAsync(delivery, reservation, submission);
                break;
        }
    }

    async Task SentAsync(LaneDelivery delivery, OutgoingMail mail, QuotaRequest reservation, SendResult result)
    {
        var (request, account) = (delivery.Request, delivery.Account);
        delivery.Lane.ClearThrottling();
        delivery.Lane.ClearSessionRefusals();
        var refused = result.Refused.Select(r => r.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var accepted = mail.Recipients.Select(m => m.Address).Where(a => !refused.Contains(a)).ToList();

        // Put back before the outcome is recorded: a crash in between re-derives the same id, which the ledger then
        // sends once; recorded first, a crash would lose the deferred recipients.
        var deferred = await waits.RecipientsLaterAsync(delivery, result.Refusals);
        var sent = new EmailSent
        {
            RequestId = request.RequestId, From = account.Address, MessageId = mail.MessageId, Recipients = accepted,
            RefusedRecipients = deferred is null ? result.Refused : result.Refusals.Where(r => !r.ForNow).Select(r => r.Refusal).ToList(),
            DeferredRecipients = deferred is null ? [] : result.Refusals.Where(r => r.ForNow).Select(r => r.Refusal).ToList(),
            DeferredRequestId = deferred, SmtpReply = result.Reply, SentAt = clock.GetUtcNow(), InDoubt = delivery.InDoubt,
        };

        await settle.SentAsync(RequestOutcome.Of(sent), reservation, result);
        await report.SentAsync(delivery, sent);
        await settle.RecordSentAsync(request.RequestId, account.Address, accepted);
    }

    async Task FailedAsync(LaneDelivery delivery, QuotaRequest reservation, Submission submission)
    {
        var (result, cannotSend) = submission;
        await settle.QuotaAsync(reservation, result);
        var permanent = result.Status == SendStatus.PermanentFailure || cannotSend;
        var failed = new EmailFailed
        {
            RequestId = delivery.Request.RequestId, From = delivery.Account.Address, Permanent = permanent, SmtpReply = cannotSend ? null : result.Reply,
            Reason = cannotSend ? result.Reply
                : permanent ? "the SMTP server refused the message" : "the SMTP server could not take the message in any attempt",
            Attempts = delivery.Attempt + 1, RefusedRecipients = result.Refused, FailedAt = clock.GetUtcNow(),
            InDoubt = delivery.InDoubt || result.Unanswered,
        };
        await settle.RecordAsync(RequestOutcome.Of(failed), delivery.Request.RequestId);
        await report.FailedAsync(delivery, failed, result.Reply);
    }
}
