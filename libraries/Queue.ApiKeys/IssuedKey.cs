namespace Queue.ApiKeys;

/// <summary>A key just created: <see cref="Secret"/> is the only copy there will ever be.</summary>
public sealed record IssuedKey(ApiKey Key, string Secret);
