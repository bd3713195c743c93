using Queue.Contracts;

namespace Queue.Bounces;

/// <summary>One recipient a report is about.</summary>
/// <param name="Status">The enhanced status code (RFC 3463), e.g. <c>5.1.1</c>, when the report gives or quotes one.</param>
/// <param name="Diagnostic">The remote server's words, e.g. <c>550 5.1.1 The email account that you tried to reach does not exist</c>.</param>
public sealed record BouncedRecipient(string Address, BounceClass Class, string? Status, string? Diagnostic);
