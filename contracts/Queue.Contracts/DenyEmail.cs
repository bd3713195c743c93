namespace Queue.Contracts;

/// <summary>Command: refuse a held request; it is rejected with this reason.</summary>
public sealed record DenyEmail
{
    public Guid RequestId { get; init; }

    public string By { get; init; } = "";

    public string Reason { get; init; } = "";
}
