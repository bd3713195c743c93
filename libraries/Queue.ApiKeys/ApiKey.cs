namespace Queue.ApiKeys;

/// <summary>A stored key: never the key itself, only its SHA-256, who it belongs to and what it may do.</summary>
/// <param name="Id">The public part of the key, shown in listings and logs.</param>
/// <param name="Application">The application (or operator) it belongs to; sending needs a registered application.</param>
public sealed record ApiKey(string Id, string Application, IReadOnlyList<string> Scopes, string Sha256, DateTimeOffset CreatedAt, string? Note);
