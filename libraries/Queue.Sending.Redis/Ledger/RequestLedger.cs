using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Ledger;

/// <summary>
/// What became of each RequestId, in Redis, so a duplicate or redelivered request is never sent twice — by
/// this replica or another, and across restarts — and so its outcome can be announced again.
/// </summary>
public sealed class RequestLedger(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IRequestLedger
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A token for a new claim.</summary>
    public static string NewToken() => Guid.NewGuid().ToString("N");

    /// <param name="token">Names the claim this attempt makes (<see cref="NewToken"/>), known before the call.</param>
    /// <param name="handedOn">
    /// The token of a claim an earlier attempt held when it stopped before reaching the SMTP server (it travels with
    /// the request): that claim is taken over at once, neither waited out nor called in doubt, and renamed to
    /// <paramref name="token"/>, so another copy carrying the same old token cannot take it too.
    /// </param>
    /// <param name="lease">How long the claim holds if this process dies while sending.</param>
    /// <param name="retention">How long an expired claim is remembered, to report the next attempt as in doubt.</param>
    public Task<RequestClaim> TryBeginAsync(Guid requestId, string token, string? handedOn, TimeSpan lease, TimeSpan retention) =>
        new ClaimBeginCall(Key(requestId), requestId, token, handedOn, lease, retention).RunAsync(redis.GetDatabase());

    /// <summary>Records the outcome; the claim, if any, ends with it.</summary>
    public Task CompleteAsync(RequestOutcome outcome, Guid requestId, TimeSpan retention) =>
        redis.GetDatabase().StringSetAsync(Key(requestId), JsonSerializer.Serialize(outcome, Json), retention);

    /// <summary>
    /// Records an outcome decided outside a send (an operator's cancellation), unless the request is finished or
    /// an attempt is sending it right now.
    /// </summary>
    public Task<SettleResult> TrySettleAsync(Guid requestId, RequestOutcome outcome, TimeSpan retention) =>
        new OutcomeSettleCall(Key(requestId), JsonSerializer.Serialize(outcome, Json), retention).RunAsync(redis.GetDatabase());

    /// <summary>The request's outcome if it is finished; null while it is not (claimed or not).</summary>
    public async Task<RequestClaim?> PeekAsync(Guid requestId)
    {
        var value = (string?)await redis.GetDatabase().StringGetAsync(Key(requestId));
        return value is null || value.StartsWith("sending:", StringComparison.Ordinal) ? null : Finished(requestId, value, "");
    }

    /// <summary>
    /// Starts the claim's lease again from now, just before SMTP, so time spent waiting for quota does not shorten
    /// the send's cover. False when the claim is no longer this attempt's (its lease ran out and another attempt
    /// took it, or an outcome was recorded): then this attempt must not send.
    /// </summary>
    public Task<bool> RenewAsync(RequestClaim claim, TimeSpan lease, TimeSpan retention) =>
        new ClaimRenewCall(Key(claim.RequestId), claim.Token, lease, retention).RunAsync(redis.GetDatabase());

    /// <summary>Releases this attempt's claim without an outcome, so a later delivery may try again.</summary>
    public Task AbandonAsync(RequestClaim claim) =>
        new ClaimAbandonCall(Key(claim.RequestId), claim.Token).RunAsync(redis.GetDatabase());

    /// <summary>A stored outcome read back (also what the claim script answers for a finished request).</summary>
    internal static RequestClaim Finished(Guid requestId, string value, string token)
    {
        if (value.StartsWith('{'))
        {
            var outcome = JsonSerializer.Deserialize<RequestOutcome>(value, Json)!;
            return new RequestClaim(requestId, outcome.State, token, Outcome: outcome);
        }

        // Written by a version that kept no event: nothing to announce again.
        return new RequestClaim(requestId, value == "sent" ? RequestState.Sent : RequestState.Failed, token);
    }

    RedisKey Key(Guid requestId) => $"{options.Value.KeyPrefix}:request:{requestId:N}";
}
