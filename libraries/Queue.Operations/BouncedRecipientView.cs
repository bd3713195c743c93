using Queue.Contracts;

namespace Queue.Operations;

/// <summary>A recipient a bounce or complaint came back for, as the request's status shows it.</summary>
public sealed record BouncedRecipientView(string Recipient, BounceClass Class, string? Status, string? Diagnostic, bool Suppressed, DateTimeOffset At, Guid? Part);
