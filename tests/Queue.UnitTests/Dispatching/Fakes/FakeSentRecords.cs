using Queue.Sending.Bounces;
using StackExchange.Redis;

namespace Queue.UnitTests.Dispatching.Fakes;

sealed class FakeSentRecords : ISentRecords
{
    public List<(Guid RequestId, string Account, IReadOnlyList<string> Recipients)> Recorded { get; } = [];

    /// <summary>The store is away: recording throws, as Redis would.</summary>
    public bool Unreachable { get; set; }

    public Task RecordSentAsync(Guid requestId, string account, IReadOnlyList<string> recipients, TimeSpan retention)
    {
        if (Unreachable)
        {
            throw new RedisTimeoutException(CommandFlags.None, "the store did not answer", CommandStatus.WaitingToBeSent);
        }

        Recorded.Add((requestId, account, recipients));
        return Task.CompletedTask;
    }
}
