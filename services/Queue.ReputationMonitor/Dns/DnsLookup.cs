namespace Queue.ReputationMonitor.Dns;

/// <summary>The outcome of one lookup: a response, or why there is none.</summary>
public sealed record DnsLookup(string Name, DnsRecordType Type, DnsLookupStatus Status)
{
    public DnsMessage? Response { get; init; }

    /// <summary>The server that answered, or the last one tried.</summary>
    public string? Server { get; init; }

    public string? Error { get; init; }

    public TimeSpan Elapsed { get; init; }

    public bool FromCache { get; init; }

    public DnsResponseCode? ResponseCode => Response?.ResponseCode;

    public IEnumerable<DnsRecord> Records(DnsRecordType type) => Response?.AnswersOf(type) ?? [];

    /// <summary>A plain answer: NOERROR (with or without records of the type asked) or NXDOMAIN.</summary>
    public bool IsDefinite => ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NXDomain;

    /// <summary>Why there is no definite answer, for logs and the status page.</summary>
    public string Problem => Status == DnsLookupStatus.Answered ? $"{ResponseCode} from {Server}" : Error ?? Status.ToString();
}
