using Queue.Sending.Quotas;

namespace Queue.UnitTests.Dispatching.Fakes;

sealed class FakeWarmupHolds : IWarmupHolds
{
    public List<string> Held { get; } = [];

    public Task HoldTodayAsync(string account)
    {
        Held.Add(account);
        return Task.CompletedTask;
    }
}
