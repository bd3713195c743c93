namespace Queue.Contracts;

/// <summary>Command (operations): lift an operator's pause of one account, or of all when <see cref="Account"/> is null.</summary>
public sealed record ResumeSending
{
    public string? Account { get; init; }

    public string By { get; init; } = "";
}
