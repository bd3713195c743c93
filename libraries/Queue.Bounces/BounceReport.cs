using Queue.Contracts;

namespace Queue.Bounces;

/// <summary>A report read from the bounce mailbox and tied to the request whose message it is about.</summary>
public sealed record BounceReport
{
    /// <summary>The report's own Message-ID (with angle brackets), or null when it has none.</summary>
    public string? ReportId { get; init; }

    public required ReportKind Kind { get; init; }

    /// <summary>The request (or split part) the returned message was sent for.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>What tied the report to <see cref="RequestId"/>: <c>envid</c>, <c>message-id</c> or <c>header</c>.</summary>
    public required string TiedBy { get; init; }

    /// <summary>The returned message's From address, when the report carries its headers.</summary>
    public string? OriginalSender { get; init; }

    public required IReadOnlyList<BouncedRecipient> Recipients { get; init; }

    /// <summary>ARF: the feedback type, e.g. <c>abuse</c>.</summary>
    public string? FeedbackType { get; init; }

    /// <summary>The reporting MTA or feedback loop.</summary>
    public string? ReportedBy { get; init; }

    /// <summary>The class that matters most for the report as a whole (hard before policy before soft...).</summary>
    public BounceClass Class => Recipients.Select(r => r.Class).DefaultIfEmpty(BounceClass.AutoReply).Min();
}
