namespace Queue.Operations;

/// <summary>One part of a split request and its state (<see cref="RequestStates"/>).</summary>
public sealed record PartStatus(Guid RequestId, string State);
