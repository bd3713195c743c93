namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/resume</c>: one account, or all sending (null).</summary>
public sealed record ResumeRequest(string? Account, string? By);
