namespace Queue.Contracts;

/// <summary>One broken rule: its stable name, the field concerned (camelCase, as on the wire) and why.</summary>
public sealed record RuleViolation
{
    public string Rule { get; init; } = "";

    public string? Field { get; init; }

    public string Message { get; init; } = "";
}
