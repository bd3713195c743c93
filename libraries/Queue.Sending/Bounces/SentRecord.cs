namespace Queue.Sending.Bounces;

/// <summary>What a report about a sent message needs to know of it: the account it went from and its recipients.</summary>
public sealed record SentRecord(string Account, IReadOnlyList<string> Recipients);
