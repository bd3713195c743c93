namespace Queue.ReputationMonitor.Dns;

/// <param name="Name">Without the trailing dot; compare case-insensitively.</param>
public sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsQuestion.ClassIn)
{
    public const ushort ClassIn = 1;
}
