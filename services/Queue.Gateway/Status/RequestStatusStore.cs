using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using StackExchange.Redis;

namespace Queue.Gateway.Status;

/// <summary>
/// The gateway's read model of requests, in Redis: an append-only history per request (events may arrive in any
/// order and more than once, so nothing is read-modified-written), a little metadata, the open requests of each
/// account, and the parts of split requests as sets (a redelivered event counts once). Everything expires after
/// <c>Gateway:StatusRetention</c>.
/// </summary>
public sealed class RequestStatusStore(IConnectionMultiplexer redis, StatusKeys keys, IOptions<GatewayOptions> options)
{
    /// <summary>Stored compactly: a transition leaves out the fields its step does not have.</summary>
    /// <summary>Meta field set when a request's outcome is recorded: its final state.</summary>
    const string Done = "done";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() }, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    TimeSpan Retention => options.Value.StatusRetention;

    IDatabase Database => redis.GetDatabase();

    public Task RecordReceivedAsync(SendEmail request, DateTimeOffset at) =>
        AppendAsync(request.RequestId, new StatusTransition(RequestStates.Received, at) { From = request.From },
            [new("application", request.Application ?? "")]);

    public async Task AcceptedAsync(EmailAccepted accepted)
    {
        HashEntry[] fields = accepted.Application is { } app ? [new("account", accepted.From), new("application", app)] : [new("account", accepted.From)];
        await AppendAsync(accepted.RequestId, new StatusTransition(RequestStates.Accepted, accepted.AcceptedAt)
        {
            From = accepted.From, Recipients = accepted.RecipientCount,
        }, fields);
        var open = keys.Open(accepted.From);
        await Database.SortedSetAddAsync(open, accepted.RequestId.ToString("N"), accepted.AcceptedAt.ToUnixTimeMilliseconds());
        await Database.SortedSetRemoveRangeByScoreAsync(open, double.NegativeInfinity, (accepted.AcceptedAt - Retention).ToUnixTimeMilliseconds());
        await Database.KeyExpireAsync(open, Retention);

        // Events are consumed concurrently: the outcome may have been recorded first, when the account was not known yet.
        if (await Database.HashExistsAsync(keys.Meta(accepted.RequestId), Done) || await AllPartsDoneAsync(accepted.RequestId) is (true, _))
        {
            await Database.SortedSetRemoveAsync(open, accepted.RequestId.ToString("N"));
        }
    }

    public async Task SplitAsync(EmailSplit split)
    {
        await AppendAsync(split.RequestId, new StatusTransition(RequestStates.Split, split.SplitAt)
        {
            Rule = split.Rule, Parts = split.Parts.Count,
            Reason = split.Suppressed.Count > 0 ? $"{split.Suppressed.Count} suppressed recipients left out (unsubscribed, bounced or complained)" : null,
        }, [new("parts", JsonSerializer.Serialize(split.Parts.Select(p => p.RequestId), Json)), new("total", split.Parts.Count)]);
        var batch = Database.CreateBatch();
        var writes = split.Parts.SelectMany(p => new Task[]
        {
            batch.HashSetAsync(keys.Meta(p.RequestId), "parent", split.RequestId.ToString("N")),
            batch.KeyExpireAsync(keys.Meta(p.RequestId), Retention),
        }).ToList();
        var outcomes = split.Parts.Select(p => (p.RequestId, Outcome: batch.HashGetAsync(keys.Meta(p.RequestId), Done))).ToList();
        batch.Execute();
        await Task.WhenAll(writes);

        // Parts whose outcome arrived before this event were not counted for their parent then.
        foreach (var (part, outcome) in outcomes)
        {
            if ((await outcome).HasValue)
            {
                await CountPartAsync(split.RequestId, part, (string)(await outcome)!);
            }
        }
    }

    public Task NoteAsync(Guid requestId, StatusTransition transition) => AppendAsync(requestId, transition, []);

    /// <summary>A bounce or complaint: noted on the message's request, and on the request it is a part of.</summary>
    public async Task ReportedBackAsync(Guid requestId, StatusTransition report)
    {
        await AppendAsync(requestId, report, []);
        if ((string?)await Database.HashGetAsync(keys.Meta(requestId), "parent") is { } parent && Guid.TryParseExact(parent, "N", out var parentId))
        {
            await AppendAsync(parentId, report, []);
        }
    }

    /// <summary>Records a final outcome: the request leaves its account's open set, and counts for its parent if it is a part.</summary>
    public async Task FinishedAsync(Guid requestId, StatusTransition outcome)
    {
        await AppendAsync(requestId, outcome, [new(Done, outcome.State)]);
        var meta = await MetaAsync(requestId);
        if (meta.GetValueOrDefault("account") is { Length: > 0 } account)
        {
            await Database.SortedSetRemoveAsync(keys.Open(account), requestId.ToString("N"));
        }

        if (meta.GetValueOrDefault("parent") is { } parent && Guid.TryParseExact(parent, "N", out var parentId))
        {
            await CountPartAsync(parentId, requestId, outcome.State);
        }
    }

    /// <summary>A part's outcome counts once for its parent (sets), which leaves the open requests when all are done.</summary>
    async Task CountPartAsync(Guid parent, Guid part, string state)
    {
        var set = state == RequestStates.Sent ? keys.PartsSent(parent) : keys.PartsFailed(parent);
        await Database.SetAddAsync(set, part.ToString("N"));
        await Database.KeyExpireAsync(set, Retention);
        if (await AllPartsDoneAsync(parent) is (true, { Length: > 0 } parentAccount))
        {
            await Database.SortedSetRemoveAsync(keys.Open(parentAccount), parent.ToString("N"));
        }
    }

    /// <summary>
    /// Whether every part of a split request has its outcome, from the counts alone: a fan-out has one part per
    /// recipient, and reading its list of parts at each part's outcome would cost the square of its size.
    /// </summary>
    async Task<(bool Done, string? Account)> AllPartsDoneAsync(Guid parent)
    {
        var meta = await Database.HashGetAsync(keys.Meta(parent), ["total", "account"]);
        if (!meta[0].HasValue)
        {
            return (false, (string?)meta[1]);
        }

        var sent = Database.SetLengthAsync(keys.PartsSent(parent));
        var failed = Database.SetLengthAsync(keys.PartsFailed(parent));
        return (await sent + await failed >= (long)meta[0], (string?)meta[1]);
    }

    public async Task RejectedAsync(EmailRejected rejected)
    {
        await FinishedAsync(rejected.RequestId, new StatusTransition(RequestStates.Rejected, rejected.RejectedAt)
        {
            From = rejected.From, Reason = rejected.Reason, Violations = rejected.Violations,
        });
        await Database.ListLeftPushAsync(keys.Rejections, JsonSerializer.Serialize(new RecentRejection(
            rejected.RequestId, rejected.From, rejected.Application, rejected.Reason, rejected.Violations.Select(v => v.Rule).Distinct().ToList(), rejected.RejectedAt), Json));
        await Database.ListTrimAsync(keys.Rejections, 0, options.Value.RecentRejections - 1);

        // Reasons name addresses: kept no longer than the statuses, although the list lives on while rejections
        // keep coming (newest first, so the old ones are at the tail).
        await Database.KeyExpireAsync(keys.Rejections, Retention);
        while (await Database.ListGetByIndexAsync(keys.Rejections, -1) is { HasValue: true } oldest
            && JsonSerializer.Deserialize<RecentRejection>((string)oldest!, Json)!.At <= rejected.RejectedAt - Retention)
        {
            await Database.ListRightPopAsync(keys.Rejections);
        }
    }

    public async Task<(IReadOnlyList<StatusTransition> History, IReadOnlyDictionary<string, string> Meta, SplitProgress? Progress)?> GetAsync(Guid requestId)
    {
        var history = (await Database.ListRangeAsync(keys.History(requestId)))
            .Select(v => JsonSerializer.Deserialize<StatusTransition>((string)v!, Json)!)
            .OrderBy(t => t.At).ToList();
        if (history.Count == 0)
        {
            return null;
        }

        var meta = await MetaAsync(requestId);
        return (history, meta, await ProgressAsync(requestId, meta));
    }

    public async Task<SplitProgress?> ProgressAsync(Guid requestId, IReadOnlyDictionary<string, string> meta)
    {
        if (meta.GetValueOrDefault("parts") is not { } json)
        {
            return null;
        }

        var parts = JsonSerializer.Deserialize<List<Guid>>(json, Json)!;
        var sent = (await Database.SetMembersAsync(keys.PartsSent(requestId))).Select(v => Guid.ParseExact((string)v!, "N")).ToHashSet();
        var failed = (await Database.SetMembersAsync(keys.PartsFailed(requestId))).Select(v => Guid.ParseExact((string)v!, "N")).ToHashSet();
        var states = parts.Select(p => new PartStatus(p, sent.Contains(p) ? RequestStates.Sent : failed.Contains(p) ? RequestStates.Failed : "pending")).ToList();
        return new SplitProgress(parts.Count, states.Count(s => s.State == RequestStates.Sent), states.Count(s => s.State == RequestStates.Failed), states);
    }

    /// <summary>The account's requests not finished yet, oldest first, with when each was accepted.</summary>
    public async Task<IReadOnlyList<(Guid RequestId, DateTimeOffset AcceptedAt)>> OpenAsync(string account) =>
        (await Database.SortedSetRangeByRankWithScoresAsync(keys.Open(account)))
            .Select(e => (Guid.ParseExact((string)e.Element!, "N"), DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score)))
            .ToList();

    public async Task<IReadOnlyList<RecentRejection>> RecentRejectionsAsync(int count) =>
        (await Database.ListRangeAsync(keys.Rejections, 0, count - 1)).Select(v => JsonSerializer.Deserialize<RecentRejection>((string)v!, Json)!).ToList();

    public async Task<IReadOnlyDictionary<string, string>> MetaAsync(Guid requestId) =>
        (await Database.HashGetAllAsync(keys.Meta(requestId))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

    async Task AppendAsync(Guid requestId, StatusTransition transition, HashEntry[] meta)
    {
        var transaction = Database.CreateTransaction();
        var writes = new List<Task>
        {
            transaction.ListRightPushAsync(keys.History(requestId), JsonSerializer.Serialize(transition, Json)),
            transaction.KeyExpireAsync(keys.History(requestId), Retention),
        };
        if (meta.Length > 0)
        {
            writes.Add(transaction.HashSetAsync(keys.Meta(requestId), meta));
            writes.Add(transaction.KeyExpireAsync(keys.Meta(requestId), Retention));
        }

        await transaction.ExecuteAsync();
        await Task.WhenAll(writes);
    }
}
