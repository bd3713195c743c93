using Queue.Contracts;

namespace Queue.Operations;

/// <summary>What <c>GET /v1/messages/{id}</c> answers: the state now, what decided it, and the whole history.</summary>
public sealed record RequestStatusView(
    Guid RequestId,
    string State,
    string Summary,
    DateTimeOffset At,
    string? Application,
    string? Account,
    Guid? PartOf,
    DateTimeOffset? Until,
    string? Rule,
    string? Reason,
    string? SmtpReply,
    string? MessageId,
    IReadOnlyList<RuleViolation>? Violations,
    SplitProgress? Progress,
    IReadOnlyList<StatusTransition> History)
{
    /// <summary>Recipients reported back after sending (bounces and complaints), also those of the request's parts.</summary>
    public IReadOnlyList<BouncedRecipientView> Bounced { get; init; } = [];
}
