using MassTransit;
using Queue.Contracts;

namespace Queue.Gateway.Status;

/// <summary>Feeds the request status store from the dispatcher's lifecycle events.</summary>
public sealed class LifecycleConsumer(RequestStatusStore store) :
    IConsumer<EmailAccepted>, IConsumer<EmailHeld>, IConsumer<EmailApprovalDecided>, IConsumer<EmailSplit>,
    IConsumer<EmailDeferred>, IConsumer<EmailSent>, IConsumer<EmailFailed>, IConsumer<EmailRejected>,
    IConsumer<EmailBounced>, IConsumer<EmailComplained>
{
    public Task Consume(ConsumeContext<EmailAccepted> context) => store.AcceptedAsync(context.Message);

    public Task Consume(ConsumeContext<EmailHeld> context) =>
        store.NoteAsync(context.Message.RequestId, new StatusTransition(RequestStates.Held, context.Message.HeldAt)
        {
            From = context.Message.From, Rule = context.Message.Rule, Reason = context.Message.Reason, Until = context.Message.ExpiresAt,
        });

    public Task Consume(ConsumeContext<EmailApprovalDecided> context) =>
        store.NoteAsync(context.Message.RequestId, new StatusTransition(context.Message.Approved ? RequestStates.Approved : RequestStates.Denied, context.Message.DecidedAt)
        {
            By = context.Message.By, Reason = context.Message.Comment, From = context.Message.SendAs,
        });

    public Task Consume(ConsumeContext<EmailSplit> context) => store.SplitAsync(context.Message);

    public Task Consume(ConsumeContext<EmailDeferred> context) =>
        store.NoteAsync(context.Message.RequestId, new StatusTransition(RequestStates.Deferred, context.Message.DeferredAt)
        {
            From = context.Message.From, Until = context.Message.Until, Rule = context.Message.Rule, Reason = context.Message.Reason,
        });

    public Task Consume(ConsumeContext<EmailSent> context) =>
        store.FinishedAsync(context.Message.RequestId, new StatusTransition(RequestStates.Sent, context.Message.SentAt)
        {
            From = context.Message.From, MessageId = context.Message.MessageId, SmtpReply = context.Message.SmtpReply,
            Recipients = context.Message.Recipients.Count, Refused = context.Message.RefusedRecipients.Count > 0 ? context.Message.RefusedRecipients : null,
            InDoubt = context.Message.InDoubt ? true : null,
        });

    public Task Consume(ConsumeContext<EmailFailed> context) =>
        store.FinishedAsync(context.Message.RequestId, new StatusTransition(RequestStates.Failed, context.Message.FailedAt)
        {
            From = context.Message.From, Reason = context.Message.Permanent ? $"{context.Message.Reason} (permanent)" : $"{context.Message.Reason} after {context.Message.Attempts} attempts",
            SmtpReply = context.Message.SmtpReply, Refused = context.Message.RefusedRecipients.Count > 0 ? context.Message.RefusedRecipients : null,
            InDoubt = context.Message.InDoubt ? true : null,
        });

    public Task Consume(ConsumeContext<EmailRejected> context) => store.RejectedAsync(context.Message);

    public Task Consume(ConsumeContext<EmailBounced> context) =>
        store.ReportedBackAsync(context.Message.RequestId, new StatusTransition(RequestStates.Bounced, context.Message.ReportedAt)
        {
            From = context.Message.From, Recipient = context.Message.Recipient, Class = context.Message.Class, Rule = context.Message.Status,
            SmtpReply = context.Message.Diagnostic, Suppressed = context.Message.Suppressed, Part = context.Message.RequestId,
        });

    public Task Consume(ConsumeContext<EmailComplained> context) =>
        store.ReportedBackAsync(context.Message.RequestId, new StatusTransition(RequestStates.Complained, context.Message.ReportedAt)
        {
            From = context.Message.From, Recipient = context.Message.Recipient, Class = BounceClass.Complaint, Reason = context.Message.FeedbackType,
            Suppressed = context.Message.Suppressed, Part = context.Message.RequestId,
        });
}
