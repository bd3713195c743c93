namespace Queue.Operations;

/// <summary>A request set aside by the intake: which queue, its ids, when and why.</summary>
/// <param name="Reason"><c>unreadable</c> or <c>unknown-type</c> (the dead-letter queues of the intake).</param>
/// <param name="MessageId">The broker message id, which names it for republish and purge.</param>
/// <param name="RequestId">The request id, when the body is JSON enough to hold one.</param>
public sealed record DeadLetter(string Reason, string Queue, string? MessageId, Guid? RequestId, DateTimeOffset? At, string Why);
