namespace Queue.Gateway.Intake;

public sealed class BodyTooLargeException(long limit) : IOException($"the request body is larger than {limit:N0} bytes");
