namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/messages/{id}/cancel</c>: the reason is required.</summary>
public sealed record CancelRequest(string? Reason, string? By);
