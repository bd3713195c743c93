namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/pause</c>: one account (<see cref="Account"/> set) or all sending (null).</summary>
public sealed record PauseRequest(string? Account, string? Reason, DateTimeOffset? Until, string? By);
