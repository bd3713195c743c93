namespace Queue.Sending.Transport.Smtp;

/// <summary>What a server offers in its EHLO reply (RFC 5321 §4.1.1.1); nothing after a HELO fallback.</summary>
public sealed record SmtpCapabilities
{
    public static readonly SmtpCapabilities None = new();

    public bool Pipelining { get; init; }

    /// <summary>BDAT (RFC 3030): the content goes as counted bytes, so it can share the envelope's write.</summary>
    public bool Chunking { get; init; }

    public bool StartTls { get; init; }

    public bool EightBitMime { get; init; }

    public bool SmtpUtf8 { get; init; }

    /// <summary>The largest message the server accepts, in bytes; 0 when it states no limit.</summary>
    public long MaxSize { get; init; }

    public IReadOnlySet<string> AuthMechanisms { get; init; } = new HashSet<string>();

    public static SmtpCapabilities Parse(SmtpReply ehlo)
    {
        var auth = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var capabilities = new SmtpCapabilities { AuthMechanisms = auth };

        // The first line is the server's greeting name; each further line is one extension.
        foreach (var line in ehlo.Lines.Skip(1))
        {
            var words = line.Split([' ', '='], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            capabilities = words[0].ToUpperInvariant() switch
            {
                "PIPELINING" => capabilities with { Pipelining = true },
                "CHUNKING" => capabilities with { Chunking = true },
                "STARTTLS" => capabilities with { StartTls = true },
                "8BITMIME" => capabilities with { EightBitMime = true },
                "SMTPUTF8" => capabilities with { SmtpUtf8 = true },
                "SIZE" when words.Length > 1 && long.TryParse(words[1], out var size) => capabilities with { MaxSize = size },
                "AUTH" => AddMechanisms(capabilities, auth, words.Skip(1)),
                _ => capabilities,
            };
        }

        return capabilities;
    }

    static SmtpCapabilities AddMechanisms(SmtpCapabilities capabilities, HashSet<string> auth, IEnumerable<string> mechanisms)
    {
        auth.UnionWith(mechanisms);
        return capabilities;
    }
}
