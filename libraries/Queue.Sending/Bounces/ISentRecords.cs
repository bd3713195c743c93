namespace Queue.Sending.Bounces;

/// <summary>What was sent, remembered for the reports that come back about it (kept in Redis by Queue.Sending.Redis).</summary>
public interface ISentRecords
{
    Task RecordSentAsync(Guid requestId, string account, IReadOnlyList<string> recipients, TimeSpan retention);
}
