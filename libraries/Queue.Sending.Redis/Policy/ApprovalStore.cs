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
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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
        return await new ApprovalDecideCall(Key(requestId), Pending, Audit, requestId, decision, by, comment, at, advisedBy, audit, AuditLength, policy.Value.DecidedRetention)
            .RunAsync(redis.GetDatabase());
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
