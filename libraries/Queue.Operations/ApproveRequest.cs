using Queue.Contracts;

namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/approvals/{id}/approve</c>.</summary>
/// <param name="AdvisedBy">Who advised the office; required for information from a partner entity.</param>
public sealed record ApproveRequest(string? Comment, string? By, IReadOnlyList<ApprovalAdvisor>? AdvisedBy = null);
