namespace Queue.Contracts;

/// <summary>Command (operations): stop sending from one account, or from all when <see cref="Account"/> is null.</summary>
public sealed record PauseSending
{
    /// <summary>The sender account; null pauses every account.</summary>
    public string? Account { get; init; }

    public string Reason { get; init; } = "";

    /// <summary>Who pauses, for the record.</summary>
    public string By { get; init; } = "";

    /// <summary>Resume by itself then; null to stay paused until a <see cref="ResumeSending"/>.</summary>
    public DateTimeOffset? Until { get; init; }
}
