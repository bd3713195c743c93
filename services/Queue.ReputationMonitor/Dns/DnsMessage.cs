namespace Queue.ReputationMonitor.Dns;

/// <summary>A DNS message: header flags and the four sections (RFC 1035 4.1).</summary>
public sealed record DnsMessage
{
    public ushort Id { get; init; }

    public bool IsResponse { get; init; }

    public byte Opcode { get; init; }

    public bool Authoritative { get; init; }

    /// <summary>TC: the answer did not fit in the datagram; ask again over TCP.</summary>
    public bool Truncated { get; init; }

    public bool RecursionDesired { get; init; }

    public bool RecursionAvailable { get; init; }

    public DnsResponseCode ResponseCode { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];

    public IReadOnlyList<DnsRecord> Authorities { get; init; } = [];

    public IReadOnlyList<DnsRecord> Additionals { get; init; } = [];

    public IEnumerable<DnsRecord> AnswersOf(DnsRecordType type) => Answers.Where(r => r.Type == type);
}
