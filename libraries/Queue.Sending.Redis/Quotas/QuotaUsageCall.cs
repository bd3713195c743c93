using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary><see cref="QuotaScripts.Usage"/>'s KEYS and ARGV, and its answer read back as one usage per limit.</summary>
sealed record QuotaUsageCall(IReadOnlyList<QuotaScriptLimit> Limits)
{
    public RedisKey[] Keys() => [.. QuotaScriptLimit.Keys(Limits.Select(l => l.Limit))];

    public RedisValue[] Arguments() => [Limits.Count, .. Limits.SelectMany(l => l.UsageArguments())];

    public async Task<IReadOnlyList<QuotaUsage>> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(QuotaScripts.Usage, Keys(), Arguments()));

    /// <summary>{now, then per limit: messages, recipients, frees-at ms (0: nothing counted)}.</summary>
    public IReadOnlyList<QuotaUsage> Parse(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return Limits.Select((l, i) =>
        {
            var frees = (long)values[3 + i * 3];
            return new QuotaUsage(l.Limit.Id, l.Limit.Window, l.Limit.Mode, l.Limit.Messages, l.Limit.Recipients, (long)values[1 + i * 3], (long)values[2 + i * 3],
                frees == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(frees));
        }).ToList();
    }
}
