namespace Queue.Gateway.Operations;

/// <summary>A request set aside by the intake: which queue, its ids, when and why.</summary>
/// <param name="Reason"><c>unreadable</c> or <c>unknown-type</c> (see <see cref="Queue.ServiceDefaults.Messaging.DeadLetterQueues"/>).</param>
/// <param name="MessageId">The broker message id, which names it for republish and purge.</param>
/// <param name="RequestId">The request id, when the body is JSON enough to hold one.</param>
public sealed record DeadLetter(string Reason, string Queue, string? MessageId, Guid? RequestId, DateTimeOffset? At, string Why);

/// <summary>How many wait in each dead-letter queue, and the first of them.</summary>
public sealed record DeadLetterView(IReadOnlyDictionary<string, long> Counts, IReadOnlyList<DeadLetter> Items);

/// <summary>What a republish or purge did.</summary>
public sealed record DeadLetterAction(string Action, int Count, IReadOnlyList<string?> MessageIds);
