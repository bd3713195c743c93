using System.CommandLine;
using System.CommandLine.Invocation;

namespace Queue.Ctl;

/// <summary>Every command's help, then the environment and the exit codes (<see cref="CliHelp"/>), which hold for all of them.</summary>
public sealed class HelpWithEpilogue(SynchronousCommandLineAction help) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => help.ClearsParseErrors;

    public override int Invoke(ParseResult parseResult)
    {
        var exit = help.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(CliHelp.Environment);
        output.WriteLine();
        output.WriteLine(CliHelp.ExitCodes);
        return exit;
    }
}
