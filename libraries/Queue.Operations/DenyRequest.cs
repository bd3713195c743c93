namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/approvals/{id}/deny</c>: the reason is required.</summary>
public sealed record DenyRequest(string? Reason, string? By);
