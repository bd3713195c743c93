namespace Queue.Ctl;

/// <summary>queuectl's exit codes, as <c>queuectl --help</c> (<see cref="CliHelp.ExitCodes"/>) and the gateway README list them.</summary>
public enum CliExit
{
    /// <summary>Done.</summary>
    Done = 0,

    /// <summary>The command line is wrong: unknown command or option, missing or invalid argument, a file that cannot be read.</summary>
    Usage = 1,

    /// <summary>The gateway (or, for keys, the store) refused: its own words are printed.</summary>
    Refused = 2,

    /// <summary>The gateway or Redis cannot be reached.</summary>
    Unreachable = 3,

    /// <summary>Anything else went wrong: one line, no stack trace.</summary>
    Failed = 4,
}
