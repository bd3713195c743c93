using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Consumers;
using Queue.Sending.Accounts;
using Queue.Sending.Applications;
using Queue.Sending.Control;

namespace Queue.Dispatching.Control;

/// <summary>An operator pauses or resumes sending; the hold is stored, then every replica is told.</summary>
public sealed class SendingControlConsumer(
    BusIdentity identity, SendingHoldStore holds, SenderDirectory senders, Queue.Sending.Bounces.BounceLedger bounces, TimeProvider clock, ILogger<SendingControlConsumer> logger)
    : IConsumer<PauseSending>, IConsumer<ResumeSending>
{
    public const string Source = SendingHold.OperatorSource;

    public async Task Consume(ConsumeContext<PauseSending> context)
    {
        if (identity.AuthorizedBy(context, ApplicationPower.Operate, context.Message.By) is not { } by)
        {
            return;
        }

        // Recorded (store, audit, events) as the verified identity, not as whatever the command says.
        var command = context.Message with { By = by };
        if (Scope(command.Account) is not { } scope)
        {
            logger.LogWarning("Pause by {By} ignored: {Account} is not a sender account", command.By, command.Account);
            return;
        }

        await holds.SetAsync(new SendingHold(scope, Source, HoldKind.Pause, command.Reason, command.By, clock.GetUtcNow(), command.Until));
        await context.Publish(new SendingHoldsChanged { Scope = scope, Source = Source, Held = true, Reason = command.Reason, By = command.By, At = clock.GetUtcNow() });
    }

    public async Task Consume(ConsumeContext<ResumeSending> context)
    {
        if (identity.AuthorizedBy(context, ApplicationPower.Operate, context.Message.By) is not { } by)
        {
            return;
        }

        // Recorded (store, audit, events) as the verified identity, not as whatever the command says.
        var command = context.Message with { By = by };
        if (Scope(command.Account) is not { } scope)
        {
            logger.LogWarning("Resume by {By} ignored: {Account} is not a sender account", command.By, command.Account);
            return;
        }

        await holds.RemoveAsync(scope, Source);

        // Resuming also lifts a pause the bounce rates set, and keeps it lifted for a day: the operator has seen it.
        foreach (var hold in (await holds.AllAsync(clock.GetUtcNow())).Where(h => h.Source.StartsWith(Bounces.BounceRateWatch.SourcePrefix, StringComparison.Ordinal)
            && (scope == SendingHold.Everything || string.Equals(h.Scope, scope, StringComparison.OrdinalIgnoreCase))))
        {
            await bounces.AcknowledgeAsync(hold.Scope, hold.Source);
            await holds.RemoveAsync(hold.Scope, hold.Source);
        }

        await context.Publish(new SendingHoldsChanged { Scope = scope, Source = Source, Held = false, Reason = "resumed", By = command.By, At = clock.GetUtcNow() });
    }

    string? Scope(string? account) =>
        account is null ? SendingHold.Everything : senders.TryGet(account.Trim(), out var sender) ? sender.Address : null;
}
