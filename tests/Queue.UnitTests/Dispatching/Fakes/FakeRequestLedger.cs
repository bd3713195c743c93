using System.Collections.Concurrent;
using Queue.Sending.Ledger;
using StackExchange.Redis;

namespace Queue.UnitTests.Dispatching.Fakes;

/// <summary>A ledger in memory: claims begin as <see cref="BeginsAs"/> says, and outcomes and releases are recorded.</summary>
sealed class FakeRequestLedger : IRequestLedger
{
    /// <summary>What a claim finds; a fresh claim by default.</summary>
    public Func<Guid, string, RequestClaim> BeginsAs { get; set; } = (id, token) => new RequestClaim(id, RequestState.Began, token, "a1");

    /// <summary>Thrown by the next claim, once (the store is unreachable).</summary>
    public Exception? FailNextBegin { get; set; }

    public bool Renews { get; set; } = true;

    public RequestClaim? Peeked { get; set; }

    /// <summary>Peeking throws, as Redis would while it is away.</summary>
    public bool PeekFails { get; set; }

    public List<(Guid RequestId, string Token, string? HandedOn, TimeSpan Lease)> Begun { get; } = [];
    public ConcurrentDictionary<Guid, RequestOutcome> Outcomes { get; } = new();
    public List<RequestClaim> Abandoned { get; } = [];

    public Task<RequestClaim> TryBeginAsync(Guid requestId, string token, string? handedOn, TimeSpan lease, TimeSpan retention)
    {
        Begun.Add((requestId, token, handedOn, lease));
        if (FailNextBegin is { } failure)
        {
            FailNextBegin = null;
            throw failure;
        }

        return Task.FromResult(BeginsAs(requestId, token));
    }

    public Task CompleteAsync(RequestOutcome outcome, Guid requestId, TimeSpan retention)
    {
        Outcomes[requestId] = outcome;
        return Task.CompletedTask;
    }

    public Task<RequestClaim?> PeekAsync(Guid requestId) =>
        PeekFails ? throw new RedisTimeoutException(CommandFlags.None, "the store did not answer", CommandStatus.WaitingToBeSent) : Task.FromResult(Peeked);

    public Task<bool> RenewAsync(RequestClaim claim, TimeSpan lease, TimeSpan retention) => Task.FromResult(Renews);

    public Task AbandonAsync(RequestClaim claim)
    {
        Abandoned.Add(claim);
        return Task.CompletedTask;
    }
}
