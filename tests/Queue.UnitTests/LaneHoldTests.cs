using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Queue.Dispatching.Lanes;
using Queue.Sending.Lanes;

namespace Queue.UnitTests;

/// <summary>A lane's holds on a fake clock: what each says, since when, until when, and that they end by themselves.</summary>
public sealed class LaneHoldTests : IDisposable
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    readonly Lane lane;

    public LaneHoldTests() => lane = new Lane("intranet@pasto.gov.co", "send-email.lane.intranet", null, clock, NullLogger.Instance);

    [Fact]
    public void A_session_hold_says_why_since_when_and_when_the_server_is_tried_next()
    {
        var since = clock.GetUtcNow();
        lane.Hold(LaneHoldKind.Session, Lane.SessionHold, since.AddMinutes(2), "554 5.7.1 our IP is refused at the greeting");

        var hold = Assert.Single(lane.Holds);
        Assert.Equal(new LaneHold(LaneHoldKind.Session, Lane.SessionHold, "554 5.7.1 our IP is refused at the greeting", since, since.AddMinutes(2), since.AddMinutes(2)), hold);
        Assert.Equal(since.AddMinutes(2), lane.PausedUntil);
    }

    [Fact]
    public void A_longer_hold_of_the_same_source_extends_it_and_keeps_when_it_began()
    {
        var since = clock.GetUtcNow();
        lane.PauseUntil(since.AddMinutes(1), "quota.account.hour used up");
        clock.Advance(TimeSpan.FromSeconds(30));
        lane.PauseUntil(since.AddMinutes(5), "quota.account.hour used up");
        lane.PauseUntil(since.AddMinutes(2), "shorter: ignored");

        var hold = Assert.Single(lane.Holds);
        Assert.Equal(since, hold.Since);
        Assert.Equal(since.AddMinutes(5), hold.Until);
        Assert.Equal(LaneHoldKind.Quota, hold.Kind);
    }

    [Fact]
    public void Holds_of_different_kinds_stand_together_and_each_ends_at_its_own_time()
    {
        var start = clock.GetUtcNow();
        lane.Hold(LaneHoldKind.ProviderThrottle, Lane.ThrottleHold, start.AddMinutes(5), "provider throttling: 421 4.7.0 try later");
        lane.Hold(LaneHoldKind.Operator, "operator", null, "mantenimiento (ana)");

        clock.Advance(TimeSpan.FromMinutes(5));

        var left = Assert.Single(lane.Holds);
        Assert.Equal(LaneHoldKind.Operator, left.Kind);
        Assert.Equal(DateTimeOffset.MaxValue, lane.PausedUntil);
        lane.Release("operator");
        Assert.Null(lane.PausedUntil);
        Assert.Empty(lane.Holds);
    }

    [Fact]
    public void Session_refusals_back_off_per_try_not_per_send_in_flight_and_a_success_starts_over()
    {
        var backoff = new Queue.Dispatching.SessionHoldOptions();
        var start = clock.GetUtcNow();

        var first = lane.RecordSessionRefusal();
        lane.Hold(LaneHoldKind.Session, Lane.SessionHold, start + backoff.After(first), "535 5.7.8 login refused");

        // Sends that were in flight with the first one are refused while its hold stands: the same strike.
        Assert.Equal(1, lane.RecordSessionRefusal());
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.After(1));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(lane.Holds);
        Assert.Equal(2, lane.RecordSessionRefusal());
        Assert.Equal(TimeSpan.FromMinutes(1), backoff.After(2));
        Assert.Equal(TimeSpan.FromMinutes(15), backoff.After(12));

        lane.ClearSessionRefusals();
        Assert.Equal(1, lane.RecordSessionRefusal());
    }

    public void Dispose() => lane.Dispose();
}
