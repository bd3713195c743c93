using Queue.Contracts;

namespace Queue.Gateway.Status;

/// <summary>
/// Turns a request's history into its state now. Events can arrive out of order, so they are ordered by their
/// own time, and a final outcome (sent, failed, rejected) wins over anything heard after it.
/// </summary>
public static class StatusFolder
{
    public static RequestStatusView Fold(Guid requestId, IReadOnlyList<StatusTransition> history, IReadOnlyDictionary<string, string> meta, SplitProgress? progress)
    {
        var current = history.LastOrDefault(t => t.IsTerminal) ?? history[^1];
        var state = current.InDoubt == true ? current.State switch
        {
            RequestStates.Sent => RequestStates.SentInDoubt,
            RequestStates.Failed => RequestStates.FailedInDoubt,
            _ => current.State,
        } : current.State;
        var summary = Describe(current) + (current.InDoubt == true ? "; in doubt: an earlier attempt may have reached the server, so it may arrive twice (same Message-ID)" : "");
        if (progress is not null && !current.IsTerminal)
        {
            state = !progress.Done ? RequestStates.Split : progress.Failed == 0 ? RequestStates.Sent : RequestStates.PartlyFailed;
            summary = $"sent as {progress.Total} messages: {progress.Sent} sent, {progress.Failed} failed or refused, {progress.Pending} pending";
        }

        var bounced = history.Where(t => t.State is RequestStates.Bounced or RequestStates.Complained && t.Recipient is not null)
            .Select(t => new BouncedRecipientView(t.Recipient!, t.Class ?? BounceClass.Complaint, t.Rule, t.SmtpReply, t.Suppressed ?? false, t.At, t.Part))
            .DistinctBy(b => (b.Recipient, b.Class)).ToList();
        if (bounced.Count > 0)
        {
            summary += $"; reported back since: {string.Join(", ", bounced.Select(b => $"{b.Recipient} ({b.Class})"))}";
        }

        return new RequestStatusView(
            requestId, state, summary, current.At,
            NonEmpty(meta.GetValueOrDefault("application")), NonEmpty(meta.GetValueOrDefault("account")),
            meta.GetValueOrDefault("parent") is { } parent && Guid.TryParseExact(parent, "N", out var p) ? p : null,
            current.Until, current.Rule, current.Reason, current.SmtpReply, current.MessageId, current.Violations, progress, history) { Bounced = bounced };
    }

    static string Describe(StatusTransition t) => t.State switch
    {
        RequestStates.Received => $"received by the gateway at {t.At:O}; the dispatcher has not judged it yet",
        RequestStates.Accepted => $"accepted at {t.At:O}: {t.Recipients} recipient{(t.Recipients == 1 ? "" : "s")}, to be sent from {t.From}",
        RequestStates.Held => $"held for approval until {t.Until:O} ({t.Rule}): {t.Reason}",
        RequestStates.Approved => $"approved by {t.By} at {t.At:O}",
        RequestStates.Denied => $"denied by {t.By}: {t.Reason}",
        RequestStates.Split => $"split into {t.Parts} messages ({t.Rule})",
        RequestStates.Deferred => $"deferred until {t.Until:O} ({t.Rule}): {t.Reason}",
        RequestStates.Sent => $"sent at {t.At:O} as {t.MessageId}: {t.SmtpReply}",
        RequestStates.Failed => $"failed: {t.Reason} ({t.SmtpReply})",
        RequestStates.Rejected => $"rejected: {t.Reason}",
        _ => t.State,
    };

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
