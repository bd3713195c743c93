using Queue.Contracts;

namespace Queue.Operations;

/// <summary>One account's reports over the last 24 hours against what it sent.</summary>
public sealed record AccountBounces(string Account, long Sent, IReadOnlyDictionary<BounceClass, long> Reports, double HardBounceRate, double BounceRate, double ComplaintRate);
