namespace Queue.Ctl;

/// <summary>Words and <c>--name value</c> options (<c>--name=value</c> too); an option without a value is a flag.</summary>
public sealed class CliArgs
{
    static readonly HashSet<string> Flags = ["json", "help", "all"];

    readonly Dictionary<string, string> options = new(StringComparer.OrdinalIgnoreCase);

    public CliArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                Words.Add(arg);
                continue;
            }

            var name = arg[2..];
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                options[name[..equals]] = name[(equals + 1)..];
            }
            else if (Flags.Contains(name) || i + 1 >= args.Count)
            {
                options[name] = "true";
            }
            else
            {
                options[name] = args[++i];
            }
        }
    }

    public List<string> Words { get; } = [];

    public string? Option(string name) => options.GetValueOrDefault(name);

    public bool Flag(string name) => options.ContainsKey(name);

    public string Word(int index, string what) =>
        index < Words.Count ? Words[index] : throw CliException.Usage($"missing {what}");
}
