namespace Queue.Contracts;

/// <summary>The request passed validation and policy and waits for quota and SMTP.</summary>
public sealed record EmailAccepted
{
    public Guid RequestId { get; init; }

    public string From { get; init; } = "";

    public int RecipientCount { get; init; }

    public EmailCategory Category { get; init; }

    public EmailPriority Priority { get; init; }

    public string? Application { get; init; }

    public DateTimeOffset AcceptedAt { get; init; }
}
