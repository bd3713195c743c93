namespace Queue.ReputationMonitor.Dns;

/// <summary>The outcome of one lookup: the server's answer (RCODE and records), or why there is none.</summary>
public sealed record DnsLookup(string Name, DnsRecordType Type, DnsLookupStatus Status)
{
    /// <summary>The RCODE when a server answered; null on timeout or failure.</summary>
    public DnsResponseCode? ResponseCode { get; init; }

    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];

    /// <summary>The authority section: for a negative answer, the zone's SOA with its negative-caching TTL.</summary>
    public IReadOnlyList<DnsRecord> Authorities { get; init; } = [];

    /// <summary>The server that answered, or the last one tried.</summary>
    public string? Server { get; init; }

    /// <summary>Why there is no answer. Never holds the name asked: with a Spamhaus DQS key, the name holds the key.</summary>
    public string? Error { get; init; }

    public TimeSpan Elapsed { get; init; }

    public bool FromCache { get; init; }

    public IEnumerable<DnsRecord> Records(DnsRecordType type) => Answers.Where(r => r.Type == type);

    /// <summary>A plain answer: NOERROR (with or without records of the type asked) or NXDOMAIN.</summary>
    public bool IsDefinite => ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NXDomain;

    /// <summary>Why there is no definite answer, for logs and the status page.</summary>
    public string Problem => Status == DnsLookupStatus.Answered ? $"{ResponseCode} from {Server}" : Error ?? Status.ToString();
}
