using Queue.Sending.Control;
using Queue.Sending.Lanes;

namespace Queue.UnitTests;

/// <summary>How a stored hold shows on a lane: one rule for the dispatcher that applies it and the gateway that shows it.</summary>
public sealed class SendingHoldTests
{
    static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(SendingHold.OperatorSource, LaneHoldKind.Operator)]
    [InlineData("reputation:zen.spamhaus.org:sbl:190.0.2.10", LaneHoldKind.Reputation)]
    [InlineData("bounces:hard-bounce-rate", LaneHoldKind.Reputation)]
    [InlineData("bounces:complaint-rate", LaneHoldKind.Reputation)]
    public void An_operators_pause_is_the_operators_and_every_protective_hold_is_reputations(string source, LaneHoldKind expected) =>
        Assert.Equal(expected, new SendingHold("intranet@pasto.gov.co", source, HoldKind.Pause, "motivo", "alguien", At).LaneKind);
}
