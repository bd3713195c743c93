namespace Queue.Contracts;

/// <summary>
/// Event: a delivery status notification (or a provider's own bounce text) came back for a sent message. One
/// event per report and recipient; <see cref="ReportId"/> tells a redelivered event from a new report.
/// </summary>
public sealed record EmailBounced
{
    /// <summary>The request (or the split part) the message was sent for.</summary>
    public Guid RequestId { get; init; }

    /// <summary>The sender account the message went out from.</summary>
    public string From { get; init; } = "";

    public string Recipient { get; init; } = "";

    public BounceClass Class { get; init; }

    /// <summary>The enhanced status code reported (RFC 3463), e.g. <c>5.1.1</c>, when there is one.</summary>
    public string? Status { get; init; }

    /// <summary>The remote server's words (Diagnostic-Code, or the provider's text).</summary>
    public string? Diagnostic { get; init; }

    /// <summary>The recipient was put on the suppression list because of this report.</summary>
    public bool Suppressed { get; init; }

    /// <summary>The Message-ID of the report itself, with angle brackets.</summary>
    public string ReportId { get; init; } = "";

    public DateTimeOffset ReportedAt { get; init; }
}
