using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary><see cref="QuotaScripts.Confirm"/>'s KEYS and ARGV: as a refund's, then each limit's window in ms.</summary>
sealed record QuotaConfirmCall(RedisKey Reservation, string Member, IReadOnlyList<QuotaLimit> Limits)
{
    public RedisKey[] Keys() => [Reservation, .. QuotaScriptLimit.Keys(Limits)];

    public RedisValue[] Arguments() => [Member, .. Limits.Select(l => QuotaScriptLimit.Milliseconds(l.Window))];

    /// <summary>False when there was no reservation to confirm.</summary>
    public async Task<bool> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(QuotaScripts.Confirm, Keys(), Arguments()));

    public static bool Parse(RedisResult result) => (long)result == 1;
}
