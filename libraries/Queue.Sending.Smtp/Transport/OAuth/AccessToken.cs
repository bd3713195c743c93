namespace Queue.Sending.Transport.OAuth;

/// <summary>An access token and when it expires. Not a record, so the token never reaches a log through ToString.</summary>
public sealed class AccessToken(string value, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"access token (hidden) until {ExpiresAt:O}";
}
