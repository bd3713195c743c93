using Queue.Sending.Quotas;
using StackExchange.Redis;

namespace Queue.UnitTests;

/// <summary>The quota scripts' KEYS, ARGV and replies as the Lua reads and writes them, without Redis.</summary>
public class QuotaScriptCallTests
{
    static readonly QuotaLimit Hour = new(new QuotaLimitId(QuotaScope.Account, "hour"), TimeSpan.FromHours(1), QuotaWindowMode.Rolling, 95, null, "t:hour", "t:hour:recipients");

    static readonly QuotaLimit Day = new(new QuotaLimitId(QuotaScope.Domain, "day"), TimeSpan.FromDays(1), QuotaWindowMode.Calendar, null, 1900, "t:day", "t:day:recipients");

    static readonly DateTimeOffset Midnight = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    static readonly Guid RequestId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    static QuotaReserveCall Reserve() => new(
        "t:reservation", "t:waiting", "m:1", RequestId, 3, TimeSpan.FromDays(2), TimeSpan.FromMinutes(10),
        [new QuotaScriptLimit(Hour, []), new QuotaScriptLimit(Day, [Midnight, Midnight.AddDays(1)])]);

    static RedisResult Reply(params long[] values) => RedisResult.Create(values.Select(v => (RedisValue)v).ToArray());

    [Fact]
    public void Limit_ids_keep_their_public_form()
    {
        Assert.Equal("quota.account.hour", Hour.Id.ToString());
        Assert.Equal("quota.domain.day", Day.Id.ToString());
        Assert.Equal("limit quota.domain.day is used up", $"limit {Day.Id} is used up");
    }

    [Fact]
    public void Reserve_passes_the_reservation_each_limit_and_the_waiting_requests_in_order()
    {
        Assert.Equal(["t:reservation", "t:hour", "t:hour:recipients", "t:day", "t:day:recipients", "t:waiting"], Reserve().Keys().Select(k => (string)k!));
        Assert.Equal(
            ["3", "m:1", "172800000", "2", RequestId.ToString("N"), "600000",
                "0", "3600000", "95", "-1", "0",
                "1", "86400000", "-1", "1900", "2", $"{Midnight.ToUnixTimeMilliseconds()}", $"{Midnight.AddDays(1).ToUnixTimeMilliseconds()}"],
            Reserve().Arguments().Select(v => (string)v!));
    }

    [Fact]
    public void Reserve_reads_a_grant()
    {
        var reply = Reserve().Parse(Reply(1, Midnight.ToUnixTimeMilliseconds(), 0));

        Assert.Equal(new QuotaReserveReply(QuotaReserveStatus.Granted, Midnight), reply);
    }

    [Fact]
    public void Reserve_names_the_binding_limit_by_the_scripts_one_based_index()
    {
        var retry = Midnight.AddHours(1);

        var denied = Reserve().Parse(Reply(0, retry.ToUnixTimeMilliseconds(), 2, 1));

        Assert.Equal(new QuotaReserveReply(QuotaReserveStatus.Denied, retry, Day, ForItsSize: true), denied);
        Assert.False(Reserve().Parse(Reply(0, retry.ToUnixTimeMilliseconds(), 1, 0)).ForItsSize);
        Assert.Equal(Hour, Reserve().Parse(Reply(0, retry.ToUnixTimeMilliseconds(), 1, 0)).Limit);
    }

    [Fact]
    public void Reserve_reads_too_large_no_period_and_a_repaired_mismatch()
    {
        var now = Midnight.ToUnixTimeMilliseconds();

        Assert.Equal(new QuotaReserveReply(QuotaReserveStatus.TooLarge, Midnight, Day), Reserve().Parse(Reply(2, now, 2)));
        Assert.Equal(new QuotaReserveReply(QuotaReserveStatus.NoPeriod, Midnight, Day), Reserve().Parse(Reply(3, now, 2)));
        Assert.Equal(new QuotaMismatch(Hour.Id, 4, 9), Reserve().Parse(Reply(4, now, 1, 4, 9)).Mismatch);
    }

    [Fact]
    public void Reserve_refuses_a_reply_it_does_not_know()
    {
        Assert.Throws<InvalidOperationException>(() => Reserve().Parse(Reply(9, 0, 1)));
    }

    [Fact]
    public void Refund_and_confirm_pass_the_reservation_and_its_windows()
    {
        var refund = new QuotaRefundCall("t:reservation", "m:1", [Hour, Day]);
        var confirm = new QuotaConfirmCall("t:reservation", "m:1", [Hour, Day]);

        Assert.Equal(["t:reservation", "t:hour", "t:hour:recipients", "t:day", "t:day:recipients"], refund.Keys().Select(k => (string)k!));
        Assert.Equal(refund.Keys(), confirm.Keys());
        Assert.Equal(["m:1"], refund.Arguments().Select(v => (string)v!));
        Assert.Equal(["m:1", "3600000", "86400000"], confirm.Arguments().Select(v => (string)v!));
        Assert.True(QuotaRefundCall.Parse(RedisResult.Create((RedisValue)1)));
        Assert.False(QuotaConfirmCall.Parse(RedisResult.Create((RedisValue)0)));
    }

    [Fact]
    public void Usage_reads_each_limits_triple()
    {
        var call = new QuotaUsageCall([new QuotaScriptLimit(Hour, []), new QuotaScriptLimit(Day, [Midnight, Midnight.AddDays(1)])]);
        var frees = Midnight.AddMinutes(30);

        var usage = call.Parse(Reply(Midnight.ToUnixTimeMilliseconds(), 7, 12, frees.ToUnixTimeMilliseconds(), 0, 0, 0));

        Assert.Equal(["t:hour", "t:hour:recipients", "t:day", "t:day:recipients"], call.Keys().Select(k => (string)k!));
        Assert.Equal(
            ["2", "0", "3600000", "0", "1", "86400000", "2", $"{Midnight.ToUnixTimeMilliseconds()}", $"{Midnight.AddDays(1).ToUnixTimeMilliseconds()}"],
            call.Arguments().Select(v => (string)v!));
        Assert.Equal(new QuotaUsage(Hour.Id, Hour.Window, QuotaWindowMode.Rolling, 95, null, 7, 12, frees), usage[0]);
        Assert.Equal(new QuotaUsage(Day.Id, Day.Window, QuotaWindowMode.Calendar, null, 1900, 0, 0, null), usage[1]);
    }

    [Fact]
    public void Only_calendar_limits_carry_periods()
    {
        var now = Midnight.AddHours(3);
        var bogota = TimeZoneInfo.FindSystemTimeZoneById("America/Bogota");

        Assert.Empty(QuotaScriptLimit.At(Hour, now, bogota).Periods);
        Assert.Equal(CalendarPeriods.Around(now, Day.Window, bogota), QuotaScriptLimit.At(Day, now, bogota).Periods);
    }
}
