using System.CommandLine;
using System.CommandLine.Parsing;
using StackExchange.Redis;

namespace Queue.Ctl;

/// <summary>Parses the command line (<see cref="CliCommands"/>) and runs one command; the exit code is a <see cref="CliExit"/>.</summary>
public sealed class Cli(TextWriter output, TextWriter error, Func<string, string?> environment, HttpMessageHandler? handler = null)
{
    public async Task<int> RunAsync(IReadOnlyList<string> argv)
    {
        var commands = new CliCommands(output, environment, handler);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (argv.Count == 0)
        {
            // Nothing asked: the help, but not a success (a script that lost its arguments should notice).
            await commands.Root.Parse(["--help"]).InvokeAsync(configuration);
            return (int)CliExit.Usage;
        }

        var parsed = commands.Root.Parse(argv);
        if (parsed.Errors.Count > 0)
        {
            // An unknown word also leaves "no command given": the word is what the user needs to see.
            var errors = parsed.Errors.Select(e => e.Message).Distinct().ToList();
            var shown = errors.Where(e => e.StartsWith("Unrecognized", StringComparison.Ordinal)).DefaultIfEmpty(string.Join(" ", errors));
            return Fail(CliExit.Usage, $"{string.Join(" ", shown)} (see {PathOf(parsed.CommandResult)} --help)");
        }

        try
        {
            return await parsed.InvokeAsync(configuration);
        }
        catch (CliException e)
        {
            return Fail(e.Exit, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or RedisConnectionException or TaskCanceledException)
        {
            return Fail(CliExit.Unreachable, $"cannot reach {(commands.UsesRedis(parsed) ? "Redis" : "the gateway")}: {OneLine(e.Message)}");
        }
        catch (Exception e)
        {
            // A bug or a server answering nonsense: still one line, never a stack trace.
            return Fail(CliExit.Failed, $"{e.GetType().Name}: {OneLine(e.Message)}");
        }
    }

    int Fail(CliExit exit, string message)
    {
        error.WriteLine($"queuectl: {OneLine(message)}");
        return (int)exit;
    }

    static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>"queuectl suppressions add": the root is named here, not after the process (a test host runs it too).</summary>
    static string PathOf(CommandResult result) =>
        result.Parent is CommandResult parent ? $"{PathOf(parent)} {result.Command.Name}" : "queuectl";
}
