using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatcher.Parking;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Ledger;
using Queue.Sending.Quotas;
using Queue.Sending.Transport;
using Queue.Sending.Validation;
using StackExchange.Redis;

namespace Queue.Dispatcher.Consumers;

/// <summary>
/// Takes one request from validation to the SMTP server's answer. The message is acknowledged only when it
/// was sent, definitively refused (with an event saying why), or durably parked for later.
/// </summary>
public sealed class SendEmailConsumer(
    SendEmailValidator validator,
    SenderDirectory senders,
    MailComposer composer,
    IQuotaGate quotas,
    RequestLedger ledger,
    IMailTransport transport,
    ParkingLot parking,
    IOptions<DispatcherOptions> options,
    TimeProvider clock,
    ILogger<SendEmailConsumer> logger) : IConsumer<SendEmail>
{
    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var request = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = request.RequestId });
        var attempt = ParkingLot.Attempt(context);
        if (ParkingLot.Due(context) is { } due && due > clock.GetUtcNow())
        {
            await parking.ParkAsync(context, due, attempt);
            return;
        }

        var violations = validator.Validate(request);
        if (violations.Count > 0)
        {
            await RejectAsync(context, violations);
            return;
        }

        senders.TryGet(Mailbox.TryParse(request.From, out var from, out _) ? from.Address : request.From, out var account);
        var mail = composer.Compose(request, account);
        if (!ParkingLot.WasAccepted(context))
        {
            await context.Publish(new EmailAccepted
            {
                RequestId = request.RequestId, From = account.Address, RecipientCount = mail.Recipients.Count(),
                Category = request.Category, Priority = request.Priority, Application = request.Application, AcceptedAt = clock.GetUtcNow(),
            });
        }

        if (request.NotBefore is { } notBefore && notBefore > clock.GetUtcNow())
        {
            await DeferAsync(context, account, notBefore, attempt, RuleNames.NotBefore, "scheduled by the caller (notBefore)");
            return;
        }

        try
        {
            await DeliverAsync(context, account, mail, attempt);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Fail closed: without the quota store nothing is sent. Slowing this consumer down keeps the
            // backlog from spinning through the wait queue while Redis is away.
            var retry = options.Value.InfrastructureRetryDelay;
            logger.LogWarning("Quota store unreachable ({Error}); request kept, trying again in {Delay}", e.Message, retry);
            await parking.ParkAsync(context, clock.GetUtcNow() + retry, attempt);
            await Task.Delay(TimeSpan.FromSeconds(1), clock, context.CancellationToken);
        }
    }

    async Task DeliverAsync(ConsumeContext<SendEmail> context, SenderAccount account, OutgoingMail mail, int attempt)
    {
        var request = context.Message;
        var lease = account.Route.Timeout * 2 + TimeSpan.FromSeconds(30);
        switch (await ledger.TryBeginAsync(request.RequestId, lease))
        {
            case RequestState.Sent or RequestState.Failed:
                logger.LogInformation("Duplicate of a request already completed; not sent again");
                return;
            case RequestState.InFlight:
                await parking.ParkAsync(context, clock.GetUtcNow() + options.Value.InFlightRetryDelay, attempt);
                return;
        }

        var reservation = new QuotaRequest(request.RequestId, attempt, account.Address, mail.Recipients.Count());
        var decision = await quotas.ReserveAsync(reservation);
        if (decision.Outcome == QuotaOutcome.TooLarge)
        {
            await ledger.CompleteAsync(request.RequestId, RequestState.Failed, options.Value.DeduplicationWindow);
            await RejectAsync(context, [new RuleViolation
            {
                Rule = RuleNames.QuotaTooLarge, Field = "to",
                Message = $"{reservation.Recipients} recipients is more than the limit {decision.Limit} allows in any window; split the request",
            }]);
            return;
        }

        if (decision.Outcome == QuotaOutcome.Denied)
        {
            await ledger.AbandonAsync(request.RequestId);
            await DeferAsync(context, account, decision.RetryAt!.Value, attempt, decision.Limit!, $"limit {decision.Limit} is used up until then");
            return;
        }

        var result = await transport.SendAsync(mail, account.Route, context.CancellationToken);
        if (result.Status != SendStatus.Sent && !result.MayHaveBeenCounted)
        {
            await quotas.RefundAsync(reservation);
        }

        switch (result.Status)
        {
            case SendStatus.Sent:
                await CompleteSafelyAsync(request.RequestId, RequestState.Sent);
                var refused = result.Refused.Select(r => r.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
                await context.Publish(new EmailSent
                {
                    RequestId = request.RequestId, From = account.Address, MessageId = mail.MessageId,
                    Recipients = mail.Recipients.Select(m => m.Address).Where(a => !refused.Contains(a)).ToList(),
                    RefusedRecipients = result.Refused, SmtpReply = result.Reply, SentAt = clock.GetUtcNow(),
                });
                logger.LogInformation("Sent as {MessageId} to {Count} recipients: {Reply}", mail.MessageId, mail.Recipients.Count() - refused.Count, result.Reply);
                break;
            case SendStatus.TransientFailure when attempt + 1 < options.Value.MaxAttempts:
                await ledger.AbandonAsync(request.RequestId);
                logger.LogWarning("Attempt {Attempt} failed for now: {Reply}", attempt + 1, result.Reply);
                await DeferAsync(context, account, clock.GetUtcNow() + options.Value.RetryDelay(attempt + 1), attempt + 1, RuleNames.SmtpTransient, result.Reply);
                break;
            default:
                await ledger.CompleteAsync(request.RequestId, RequestState.Failed, options.Value.DeduplicationWindow);
                var permanent = result.Status == SendStatus.PermanentFailure;
                logger.LogWarning("Failed {Kind} after {Attempts} attempts: {Reply}", permanent ? "permanently" : "for good", attempt + 1, result.Reply);
                await context.Publish(new EmailFailed
                {
                    RequestId = request.RequestId, From = account.Address, Permanent = permanent, SmtpReply = result.Reply,
                    Reason = permanent ? "the SMTP server refused the message" : "the SMTP server could not take the message in any attempt",
                    Attempts = attempt + 1, RefusedRecipients = result.Refused, FailedAt = clock.GetUtcNow(),
                });
                break;
        }
    }

    /// <summary>After the server took the message, a Redis hiccup must not make us send it again.</summary>
    async Task CompleteSafelyAsync(Guid requestId, RequestState state)
    {
        try
        {
            await ledger.CompleteAsync(requestId, state, options.Value.DeduplicationWindow);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogError("Sent, but the ledger could not record it ({Error}); a duplicate delivery after the lease could resend it", e.Message);
        }
    }

    async Task DeferAsync(ConsumeContext<SendEmail> context, SenderAccount account, DateTimeOffset until, int attempt, string rule, string reason)
    {
        await context.Publish(new EmailDeferred
        {
            RequestId = context.Message.RequestId, From = account.Address, Until = until, Rule = rule, Reason = reason, DeferredAt = clock.GetUtcNow(),
        });
        await parking.ParkAsync(context, until, attempt);
    }

    async Task RejectAsync(ConsumeContext<SendEmail> context, IReadOnlyList<RuleViolation> violations)
    {
        var request = context.Message;
        var summary = string.Join("; ", violations.Select(v => v.Field is null ? $"{v.Rule}: {v.Message}" : $"{v.Rule}: {v.Field} {v.Message}"));
        logger.LogWarning("Rejected: {Reasons}", summary);
        await context.Publish(new EmailRejected
        {
            RequestId = request.RequestId, From = request.From, Application = request.Application,
            Reason = summary, Violations = violations, RejectedAt = clock.GetUtcNow(),
        });
    }
}
