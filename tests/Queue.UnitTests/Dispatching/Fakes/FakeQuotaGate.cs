using System.Collections.Concurrent;
using Queue.Sending.Quotas;

namespace Queue.UnitTests.Dispatching.Fakes;

/// <summary>A quota gate that answers from a script of decisions (then grants), and records what was settled.</summary>
sealed class FakeQuotaGate : IQuotaGate
{
    readonly ConcurrentQueue<QuotaDecision> script = new();

    public List<QuotaRequest> Reserved { get; } = [];
    public List<QuotaRequest> Confirmed { get; } = [];
    public List<QuotaRequest> Refunded { get; } = [];

    public FakeQuotaGate Then(QuotaDecision decision)
    {
        script.Enqueue(decision);
        return this;
    }

    public Task<QuotaDecision> ReserveAsync(QuotaRequest request)
    {
        lock (Reserved)
        {
            Reserved.Add(request);
        }

        return Task.FromResult(script.TryDequeue(out var next) ? next : QuotaDecision.Granted);
    }

    public Task ConfirmAsync(QuotaRequest request)
    {
        Confirmed.Add(request);
        return Task.CompletedTask;
    }

    public Task RefundAsync(QuotaRequest request)
    {
        Refunded.Add(request);
        return Task.CompletedTask;
    }
}
