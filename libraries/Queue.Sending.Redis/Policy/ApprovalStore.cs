using System.Text.Json;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Queue.Sending.Policy;

/// <summary>
/// Requests held for approval, durable in Redis (run it with append-only persistence), with the audit trail of
/// every decision. A decision is taken once: approving, denying and expiring race safely.
/// </summary>
public sealed class ApprovalStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, IOptions<PolicyOptions> policy)
{
    const int AuditLength = 10_000;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Moves a pending approval to its decided state; returns the stored request, or the state it was already in.
    const string DecideScript = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return {'missing'} end
        if state ~= 'pending' then return {state} end
        redis.call('HSET', KEYS[1], 'state', ARGV[1], 'by', ARGV[2], 'comment', ARGV[3], 'decidedAt', ARGV[4], 'advisedBy', ARGV[8])
        redis.call('EXPIRE', KEYS[1], tonumber(ARGV[9]))
        redis.call('ZREM', KEYS[2], ARGV[5])
        redis.call('LPUSH', KEYS[3], ARGV[6])
        redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[7]) - 1)
        return {'decided', redis.call('HGET', KEYS[1], 'request')}
        """;

    string Prefix => options.Value.KeyPrefix;

    RedisKey Pending => $"{Prefix}:approvals:pending";

    RedisKey Audit => $"{Prefix}:approvals:audit";

    RedisKey Key(Guid requestId) => $"{Prefix}:approval:{requestId:N}";

    /// <summary>Stores a held request; false when this request id is held (or was decided) already.</summary>
    public async Task<bool> HoldAsync(SendEmail request, string rule, string reason, DateTimeOffset heldAt, DateTimeOffset expiresAt)
    {
        var database = redis.GetDatabase();
        var transaction = database.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(Key(request.RequestId)));
        _ = transaction.HashSetAsync(Key(request.RequestId),
        [
            new("request", JsonSerializer.Serialize(request, Json)), new("rule", rule), new("reason", reason), new("state", "pending"),
            new("heldAt", heldAt.ToString("O")), new("expiresAt", expiresAt.ToString("O")),
        ]);
        _ = transaction.SortedSetAddAsync(Pending, request.RequestId.ToString("N"), expiresAt.ToUnixTimeMilliseconds());
        return await transaction.ExecuteAsync();
    }

    /// <summary>Records the decision if the request is still pending and returns the request; otherwise why not.</summary>
    /// <param name="advisedBy">Who advised the decision (partner-entity information), kept in the audit trail.</param>
    public async Task<ApprovalOutcome> DecideAsync(Guid requestId, ApprovalState decision, string by, string? comment, DateTimeOffset at, IReadOnlyList<ApprovalAdvisor>? advisedBy = null)
    {
        advisedBy ??= [];
        var audit = JsonSerializer.Serialize(new { requestId, decision = decision.ToString(), by, comment, at, advisedBy = advisedBy.Select(a => a.ToString()) }, Json);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(DecideScript, [Key(requestId), Pending, Audit],
            [decision.ToString().ToLowerInvariant(), by, comment ?? "", at.ToString("O"), requestId.ToString("N"), audit, AuditLength, string.Join(',', advisedBy),
                (long)policy.Value.DecidedRetention.TotalSeconds]))!;
        var state = (string)result[0]!;
        return state == "decided"
            ? new ApprovalOutcome(true, decision, JsonSerializer.Deserialize<SendEmail>((string)result[1]!, Json))
            : new ApprovalOutcome(false, state == "missing" ? null : Enum.Parse<ApprovalState>(state, ignoreCase: true), null);
    }

    public async Task<IReadOnlyList<HeldRequest>> ListPendingAsync()
    {
        var ids = await redis.GetDatabase().SortedSetRangeByRankAsync(Pending);
        var held = await Task.WhenAll(ids.Select(id => GetAsync(Guid.ParseExact((string)id!, "N"))));
        return held.OfType<HeldRequest>().ToList();
    }

    /// <summary>Pending requests whose time for a decision has passed.</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset now) =>
        (await redis.GetDatabase().SortedSetRangeByScoreAsync(Pending, double.NegativeInfinity, now.ToUnixTimeMilliseconds()))
            .Select(id => Guid.ParseExact((string)id!, "N")).ToList();

    public async Task<HeldRequest?> GetAsync(Guid requestId)
    {
        var fields = (await redis.GetDatabase().HashGetAllAsync(Key(requestId))).ToDictionary(f => (string)f.Name!, f => (string)f.Value!);
        if (fields.Count == 0)
        {
            return null;
        }

        return new HeldRequest(
            JsonSerializer.Deserialize<SendEmail>(fields["request"], Json)!, fields["rule"], fields["reason"],
            Enum.Parse<ApprovalState>(fields["state"], ignoreCase: true), DateTimeOffset.Parse(fields["heldAt"]), DateTimeOffset.Parse(fields["expiresAt"]),
            fields.GetValueOrDefault("by"), fields.GetValueOrDefault("comment"),
            fields.TryGetValue("decidedAt", out var at) ? DateTimeOffset.Parse(at) : null,
            fields.GetValueOrDefault("advisedBy") is { Length: > 0 } advised ? advised.Split(',').Select(Enum.Parse<ApprovalAdvisor>).ToList() : []);
    }

    /// <summary>The latest decisions, newest first, as JSON lines: who, what, when.</summary>
    public async Task<IReadOnlyList<string>> AuditTrailAsync(int count = 100) =>
        (await redis.GetDatabase().ListRangeAsync(Audit, 0, count - 1)).Select(v => (string)v!).ToList();
}

public enum ApprovalState
{
    Pending,
    Approved,
    Denied,
    Expired,
}

public sealed record ApprovalOutcome(bool Decided, ApprovalState? State, SendEmail? Request);

public sealed record HeldRequest(
    SendEmail Request, string Rule, string Reason, ApprovalState State, DateTimeOffset HeldAt, DateTimeOffset ExpiresAt,
    string? DecidedBy, string? Comment, DateTimeOffset? DecidedAt, IReadOnlyList<ApprovalAdvisor> AdvisedBy);
