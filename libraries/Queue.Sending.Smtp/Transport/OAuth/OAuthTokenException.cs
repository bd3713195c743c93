namespace Queue.Sending.Transport.OAuth;

/// <summary>No access token could be obtained. The text names the endpoint and the client, never a secret or a token.</summary>
public sealed class OAuthTokenException(string message, Exception? inner = null) : Exception(message, inner);
