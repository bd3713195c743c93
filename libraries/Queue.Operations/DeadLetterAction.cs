namespace Queue.Operations;

/// <summary>What a republish or purge did.</summary>
public sealed record DeadLetterAction(string Action, int Count, IReadOnlyList<string?> MessageIds);
