using Queue.Contracts;

namespace Queue.Sending.Policy;

/// <summary>What the institutional policy makes of a valid request.</summary>
public abstract record PolicyDecision;

public sealed record PolicyRejected(IReadOnlyList<RuleViolation> Violations) : PolicyDecision;

/// <summary>A person must approve it first; <see cref="Rule"/> is the first rule that asks, the reason names all.</summary>
public sealed record PolicyHeld(string Rule, string Reason) : PolicyDecision;

/// <summary>
/// Send these messages: the request itself (possibly from another account once approved), or the parts it was
/// split into by <see cref="SplitRule"/>.
/// </summary>
public sealed record PolicyProceed(IReadOnlyList<SendEmail> Messages, string? SplitRule, IReadOnlyList<string> Suppressed) : PolicyDecision;
