using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary><see cref="QuotaScripts.Refund"/>'s KEYS and ARGV: the reservation's record and windows, and its member.</summary>
sealed record QuotaRefundCall(RedisKey Reservation, string Member, IReadOnlyList<QuotaLimit> Limits)
{
    public RedisKey[] Keys() => [Reservation, .. QuotaScriptLimit.Keys(Limits)];

    public RedisValue[] Arguments() => [Member];

    /// <summary>False when there was no reservation to give back (never made, refunded already, or expired).</summary>
    public async Task<bool> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(QuotaScripts.Refund, Keys(), Arguments()));

    public static bool Parse(RedisResult result) => (long)result == 1;
}
