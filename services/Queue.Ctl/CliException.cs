namespace Queue.Ctl;

/// <summary>A mistake in the command line or a refusal by the gateway: printed as is, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);
