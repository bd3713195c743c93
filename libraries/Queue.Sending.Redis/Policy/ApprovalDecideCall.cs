using System.Text.Json;
using Queue.Contracts;
using StackExchange.Redis;

namespace Queue.Sending.Policy;

/// <summary>
/// The approval store's decide script: its KEYS and ARGV built from typed values and its answer read back as an
/// outcome, the only code that knows their positions and encodings.
/// </summary>
/// <param name="Approval">The held request's hash.</param>
/// <param name="Pending">The pending approvals by expiry.</param>
/// <param name="Audit">The audit trail, newest first.</param>
/// <param name="AuditEntry">This decision as the audit trail keeps it (JSON).</param>
/// <param name="AuditLength">How many decisions the trail keeps.</param>
/// <param name="Retention">How long the decided approval is kept.</param>
sealed record ApprovalDecideCall(
    RedisKey Approval, RedisKey Pending, RedisKey Audit, Guid RequestId, ApprovalState Decision, string By, string? Comment, DateTimeOffset At,
    IReadOnlyList<ApprovalAdvisor> AdvisedBy, string AuditEntry, int AuditLength, TimeSpan Retention)
{
    // Moves a pending approval to its decided state; returns the stored request, or the state it was already in.
    const string Script = """
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

    public RedisKey[] Keys() => [Approval, Pending, Audit];

    public RedisValue[] Arguments() =>
    [
        Decision.ToString().ToLowerInvariant(), By, Comment ?? "", At.ToString("O"), RequestId.ToString("N"), AuditEntry, AuditLength, string.Join(',', AdvisedBy),
        (long)Retention.TotalSeconds,
    ];

    public async Task<ApprovalOutcome> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(Script, Keys(), Arguments()));

    /// <summary>{"decided", the stored request}, {"missing"}, or {the state it was in already}.</summary>
    public ApprovalOutcome Parse(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var state = (string)values[0]!;
        return state == "decided"
            ? new ApprovalOutcome(true, Decision, JsonSerializer.Deserialize<SendEmail>((string)values[1]!, ApprovalStore.Json))
            : new ApprovalOutcome(false, state == "missing" ? null : Enum.Parse<ApprovalState>(state, ignoreCase: true), null);
    }
}
