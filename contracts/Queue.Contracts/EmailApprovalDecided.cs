namespace Queue.Contracts;

/// <summary>Audit: a person approved or denied a held request.</summary>
public sealed record EmailApprovalDecided
{
    public Guid RequestId { get; init; }

    public bool Approved { get; init; }

    public string By { get; init; } = "";

    public string? Comment { get; init; }

    /// <summary>The account it is sent from after approval (the communications office for mass mail).</summary>
    public string? SendAs { get; init; }

    public DateTimeOffset DecidedAt { get; init; }

    /// <summary>Who advised the decision (partner-entity information); empty when nobody was asked.</summary>
    public IReadOnlyList<ApprovalAdvisor> AdvisedBy { get; init; } = [];
}
