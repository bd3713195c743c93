namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/dead-letters/republish</c> and <c>/purge</c>.</summary>
/// <param name="Reason"><c>unreadable</c> or <c>unknown-type</c>; null for both.</param>
/// <param name="MessageId">One message (as listed); null for every one of the queue(s).</param>
public sealed record DeadLetterCommand(string? Reason, string? MessageId, string? By);
