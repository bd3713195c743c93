namespace Queue.Ctl;

/// <summary>A mistake in the command line (<see cref="CliExit.Usage"/>) or a refusal (<see cref="CliExit.Refused"/>): printed as is.</summary>
public sealed class CliException(string message, CliExit exit = CliExit.Refused) : Exception(message)
{
    public CliExit Exit => exit;

    public static CliException Usage(string message) => new(message, CliExit.Usage);
}
