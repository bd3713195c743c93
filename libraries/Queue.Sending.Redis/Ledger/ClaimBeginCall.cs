using StackExchange.Redis;

namespace Queue.Sending.Ledger;

/// <summary>
/// The ledger's claim script: its KEYS and ARGV built from typed values and its answer read back as a claim, the
/// only code that knows their positions and encodings.
/// </summary>
/// <param name="Lease">How long the claim holds if its process dies while sending.</param>
/// <param name="Retention">How long an expired claim is remembered past its lease.</param>
/// <param name="HandedOn">The token of a claim handed on with the request, taken over at once.</param>
sealed record ClaimBeginCall(RedisKey Key, Guid RequestId, string Token, string? HandedOn, TimeSpan Lease, TimeSpan Retention)
{
    // A claim is "sending:<lease end, ms since the epoch on Redis's clock>:<token>:<quota attempt>" and outlives its
    // lease, so a later attempt can tell an expired claim (its process died mid-send: in doubt) from no claim at
    // all. Any other value is the outcome (JSON; "sent"/"failed" from older versions). The quota attempt carries
    // over only when the claim is handed on, that is when the earlier attempt stopped before SMTP.
    const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('GET', KEYS[1])
        local state, quota = 'began', ARGV[3]
        if v then
            if string.sub(v, 1, 8) ~= 'sending:' then return v end
            local leaseEnd, owner, q = string.match(v, '^sending:(%d+):(%w+):?(%w*)$')
            if ARGV[4] ~= '' and owner == ARGV[4] then
                if q ~= nil and q ~= '' then quota = q end
            else
                if leaseEnd == nil or tonumber(leaseEnd) > now then return 'sending' end
                state = 'resumed'
            end
        end
        redis.call('SET', KEYS[1], 'sending:' .. (now + tonumber(ARGV[1])) .. ':' .. ARGV[3] .. ':' .. quota, 'PX', ARGV[2])
        return state .. ':' .. quota
        """;

    public RedisKey[] Keys() => [Key];

    public RedisValue[] Arguments() => [(long)Lease.TotalMilliseconds, (long)(Lease + Retention).TotalMilliseconds, Token, HandedOn ?? ""];

    public async Task<RequestClaim> RunAsync(IDatabaseAsync db) => Parse(await db.ScriptEvaluateAsync(Script, Keys(), Arguments()));

    /// <summary>"began:&lt;quota attempt&gt;", "resumed:&lt;quota attempt&gt;", "sending", or the stored outcome.</summary>
    public RequestClaim Parse(RedisResult result)
    {
        var value = (string?)result ?? "";
        var split = value.IndexOf(':');
        return (split < 0 ? value : value[..split]) switch
        {
            "began" => new RequestClaim(RequestId, RequestState.Began, Token, value[(split + 1)..]),
            "resumed" => new RequestClaim(RequestId, RequestState.Resumed, Token, value[(split + 1)..]),
            "sending" => new RequestClaim(RequestId, RequestState.InFlight, Token),
            _ => RequestLedger.Finished(RequestId, value, Token),
        };
    }
}
