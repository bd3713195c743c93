namespace Queue.Operations;

/// <summary>A pause or resume sent to the dispatchers.</summary>
/// <param name="Scope">The account, or <c>*</c> for all sending.</param>
public sealed record ControlAccepted(string Scope, string Action, string By);
