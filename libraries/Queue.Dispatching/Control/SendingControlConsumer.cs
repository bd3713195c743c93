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
    const string Source = SendingHold.OperatorSource;

    public async Task Consume(ConsumeContext<PauseSending> context)
    {
        var command = context.Message;
        if (Target(context, command.By, command.Account, "Pause") is not { } target)
        {
            return;
        }

        var (scope, by) = target;
        await holds.SetAsync(new SendingHold(scope, Source, HoldKind.Pause, command.Reason, by, clock.GetUtcNow(), command.Until));
        await context.Publish(new SendingHoldsChanged { Scope = scope, Source = Source, Held = true, Reason = command.Reason, By = by, At = clock.GetUtcNow() });
    }

    public async Task Consume(ConsumeContext<ResumeSending> context)
    {
        var command = context.Message;
        if (Target(context, command.By, command.Account, "Resume") is not { } target)
        {
            return;
        }

        var (scope, by) = target;
        await holds.RemoveAsync(scope, Source);

        // Resuming also lifts a pause the bounce rates set, and keeps it lifted for a day: the operator has seen it.
        foreach (var hold in (await holds.AllAsync(clock.GetUtcNow())).Where(h => h.Source.StartsWith(Bounces.BounceRateWatch.SourcePrefix, StringComparison.Ordinal)
            && (scope == SendingHold.Everything || string.Equals(h.Scope, scope, StringComparison.OrdinalIgnoreCase))))
        {
            await bounces.AcknowledgeAsync(hold.Scope, hold.Source);
            await holds.RemoveAsync(hold.Scope, hold.Source);
        }

        await context.Publish(new SendingHoldsChanged { Scope = scope, Source = Source, Held = false, Reason = "resumed", By = by, At = clock.GetUtcNow() });
    }

    /// <summary>
    /// What a command acts on and who gave it: recorded (store, audit, events) as the verified identity, not as whatever
    /// the command says; null when the sender lacks the power or names no sender account.
    /// </summary>
    (string Scope, string By)? Target<TCommand>(ConsumeContext<TCommand> context, string claimedBy, string? account, string action)
        where TCommand : class
    {
        if (identity.AuthorizedBy(context, ApplicationPower.Operate, claimedBy) is not { } by)
        {
            return null;
        }

        if (Scope(account) is not { } scope)
        {
            logger.LogWarning("{Action} by {By} ignored: {Account} is not a sender account", action, by, account);
            return null;
        }

        return (scope, by);
    }

    string? Scope(string? account) =>
        account is null ? SendingHold.Everything : senders.TryGet(account.Trim(), out var sender) ? sender.Address : null;
}
