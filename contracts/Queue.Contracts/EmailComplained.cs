namespace Queue.Contracts;

/// <summary>Event: a recipient marked a sent message as spam, reported by their provider (RFC 5965 ARF feedback).</summary>
public sealed record EmailComplained
{
    /// <summary>The request (or the split part) the message was sent for.</summary>
    public Guid RequestId { get; init; }

    /// <summary>The sender account the message went out from.</summary>
    public string From { get; init; } = "";

    public string Recipient { get; init; } = "";

    /// <summary>The feedback type (RFC 5965), usually <c>abuse</c>.</summary>
    public string FeedbackType { get; init; } = "abuse";

    /// <summary>Who sent the report, e.g. the provider's feedback loop.</summary>
    public string? ReportedBy { get; init; }

    /// <summary>The recipient was suppressed from mass mail because of this report.</summary>
    public bool Suppressed { get; init; }

    /// <summary>The Message-ID of the report itself, with angle brackets.</summary>
    public string ReportId { get; init; } = "";

    public DateTimeOffset ReportedAt { get; init; }
}
