namespace Queue.Sending.Bounces;

/// <summary>What became of a report's effects when <see cref="BounceLedger.CommitAsync"/> was asked to apply them.</summary>
public enum ReportCommit
{
    /// <summary>Applied now: suppressions and counters written; announce it.</summary>
    Applied,

    /// <summary>Applied before (this or another replica) but maybe never announced: announce it again.</summary>
    AppliedBefore,

    /// <summary>Applied and announced before: nothing more to do.</summary>
    Announced,
}
