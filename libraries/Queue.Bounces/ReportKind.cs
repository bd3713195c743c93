namespace Queue.Bounces;

/// <summary>How a report came back, which says how much of it was read from structure and how much from text.</summary>
public enum ReportKind
{
    /// <summary>RFC 3464 delivery status notification (multipart/report; report-type=delivery-status).</summary>
    DeliveryStatus,

    /// <summary>RFC 5965 ARF feedback report: a recipient's complaint.</summary>
    Feedback,

    /// <summary>A provider's own bounce text, without a machine-readable status part.</summary>
    ProviderText,

    /// <summary>An out-of-office or other automatic answer.</summary>
    AutoReply,
}
