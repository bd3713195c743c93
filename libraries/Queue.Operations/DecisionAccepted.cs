namespace Queue.Operations;

/// <summary>An approval or denial sent to the dispatcher.</summary>
/// <param name="Decision"><c>approve</c> or <c>deny</c>.</param>
public sealed record DecisionAccepted(Guid RequestId, string Decision, string By, string StatusUrl);
