namespace Queue.Operations;

/// <summary>How many wait in each dead-letter queue, and the first of them.</summary>
public sealed record DeadLetterView(IReadOnlyDictionary<string, long> Counts, IReadOnlyList<DeadLetter> Items);
