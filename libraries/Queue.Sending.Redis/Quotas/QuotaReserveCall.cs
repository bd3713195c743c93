using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>
/// <see cref="QuotaScripts.Reserve"/>'s KEYS and ARGV, built from typed values, and its answer read back: the only
/// code that knows their positions.
/// </summary>
/// <param name="Reservation">The reservation's record.</param>
/// <param name="Waiting">The account's requests waiting for room for their size.</param>
/// <param name="Member">Names the reservation in the windows (request and SMTP attempt).</param>
/// <param name="RecordRetention">How long the reservation's record (what a refund gives back) is kept.</param>
/// <param name="WaiterGrace">How long past its due time a waiting request still holds room.</param>
sealed record QuotaReserveCall(
    RedisKey Reservation, RedisKey Waiting, string Member, Guid RequestId, int Recipients, TimeSpan RecordRetention, TimeSpan WaiterGrace,
    IReadOnlyList<QuotaScriptLimit> Limits)
{
    public RedisKey[] Keys() => [Reservation, .. QuotaScriptLimit.Keys(Limits.Select(l => l.Limit)), Waiting];

    public RedisValue[] Arguments() =>
    [
        Recipients, Member, QuotaScriptLimit.Milliseconds(RecordRetention), Limits.Count, RequestId.ToString("N"), QuotaScriptLimit.Milliseconds(WaiterGrace),
        .. Limits.SelectMany(l => l.ReserveArguments()),
    ];

    public async Task<QuotaReserveReply> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(QuotaScripts.Reserve, Keys(), Arguments()));

    /// <summary>
    /// {1, now} granted; {0, retry-at, limit, for its size}; {2, now, limit} too large; {3, now, limit} no period;
    /// {4, now, limit, total, logged} mismatch. Limits are numbered from 1 as the script counts them.
    /// </summary>
    public QuotaReserveReply Parse(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var status = (QuotaReserveStatus)(long)values[0];
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)values[1]);
        if (status == QuotaReserveStatus.Granted)
        {
            return new QuotaReserveReply(status, at);
        }

        var limit = Limits[(int)(long)values[2] - 1].Limit;
        return status switch
        {
            QuotaReserveStatus.Denied => new QuotaReserveReply(status, at, limit, ForItsSize: (long)values[3] == 1),
            QuotaReserveStatus.Mismatch => new QuotaReserveReply(status, at, limit, Mismatch: new QuotaMismatch(limit.Id, (long)values[3], (long)values[4])),
            QuotaReserveStatus.TooLarge or QuotaReserveStatus.NoPeriod => new QuotaReserveReply(status, at, limit),
            _ => throw new InvalidOperationException($"the quota script answered {(long)values[0]}, which Queue does not know"),
        };
    }
}
