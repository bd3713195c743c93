namespace Queue.Contracts;

/// <summary>Command: send a held request. Only the communications office (or the Mayor's office) may issue it.</summary>
public sealed record ApproveEmail
{
    public Guid RequestId { get; init; }

    /// <summary>Who approves, for the audit trail.</summary>
    public string By { get; init; } = "";

    public string? Comment { get; init; }

    /// <summary>
    /// Who advised the communications office (circular 004: the Mayor's office, Human Resources and/or Information
    /// Systems). Required to approve information from a partner entity (<see cref="EmailCategory.PartnerEntity"/>).
    /// </summary>
    public IReadOnlyList<ApprovalAdvisor> AdvisedBy { get; init; } = [];
}
