namespace Queue.ReputationMonitor.Options;

public enum AnswerFormat
{
    /// <summary>Each answer address is one code (Spamhaus, SpamCop, …).</summary>
    Exact,

    /// <summary>The last octet is a set of bits, one per list (SURBL, URIBL).</summary>
    Bitmask,
}
