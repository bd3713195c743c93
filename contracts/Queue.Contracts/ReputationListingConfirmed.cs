namespace Queue.Contracts;

/// <summary>
/// A sending IP or the mail domain is on a blocklist, confirmed by consecutive lookups (never by one answer,
/// never by an error code).
/// </summary>
public sealed record ReputationListingConfirmed
{
    /// <summary>The IP address or domain that is listed.</summary>
    public string Target { get; init; } = "";

    public ReputationTargetKind TargetKind { get; init; }

    /// <summary>The DNS zone queried, e.g. <c>zen.spamhaus.org</c>.</summary>
    public string Zone { get; init; } = "";

    /// <summary>The list within the zone, e.g. <c>Spamhaus SBL</c>.</summary>
    public string List { get; init; } = "";

    public ReputationSeverity Severity { get; init; }

    /// <summary>The answers that mean listed, e.g. <c>127.0.0.2</c>.</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>The zone's TXT reason, when it gives one.</summary>
    public string? Reason { get; init; }

    public string? DelistUrl { get; init; }

    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset ConfirmedAt { get; init; }
}
