namespace Queue.Contracts;

/// <summary>A confirmed listing is gone, confirmed by consecutive clean lookups.</summary>
public sealed record ReputationListingCleared
{
    public string Target { get; init; } = "";

    public ReputationTargetKind TargetKind { get; init; }

    public string Zone { get; init; } = "";

    public string List { get; init; } = "";

    public ReputationSeverity Severity { get; init; }

    public DateTimeOffset ClearedAt { get; init; }
}
