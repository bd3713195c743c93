using Queue.Contracts;

namespace Queue.Operations;

/// <summary>One step in the life of a request, as the gateway heard it; only the fields that matter to the step are set.</summary>
public sealed record StatusTransition(string State, DateTimeOffset At)
{
    public string? From { get; init; }

    public string? Rule { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset? Until { get; init; }

    public string? By { get; init; }

    public string? SmtpReply { get; init; }

    public string? MessageId { get; init; }

    public int? Recipients { get; init; }

    public IReadOnlyList<RecipientRefusal>? Refused { get; init; }

    public IReadOnlyList<RuleViolation>? Violations { get; init; }

    public int? Parts { get; init; }

    /// <summary>Bounced or complained: the recipient the report is about.</summary>
    public string? Recipient { get; init; }

    public BounceClass? Class { get; init; }

    /// <summary>Bounced or complained: the recipient was put on the suppression list.</summary>
    public bool? Suppressed { get; init; }

    /// <summary>Bounced or complained: the part of a split request the report was about.</summary>
    public Guid? Part { get; init; }

    /// <summary>On a sent or failed outcome: an attempt may have reached the server unanswered (see <c>EmailSent.InDoubt</c>).</summary>
    public bool? InDoubt { get; init; }

    public bool IsTerminal => State is RequestStates.Sent or RequestStates.Failed or RequestStates.Rejected;
}
