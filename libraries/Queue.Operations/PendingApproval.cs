using Queue.Contracts;

namespace Queue.Operations;

/// <summary>A held request as listed: enough to decide, without attachment contents.</summary>
public sealed record PendingApproval(
    Guid RequestId, string From, string Subject, EmailCategory Category, int Recipients, string? Application,
    string Rule, string Reason, DateTimeOffset HeldAt, DateTimeOffset ExpiresAt);
