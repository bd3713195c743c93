using Queue.Dispatching.Lanes;

namespace Queue.UnitTests;

public sealed class ConsumerWatchTests
{
    const string Lane = "send-email.lane.intranet_at_pasto.gov.co";

    [Fact]
    public void A_queue_with_a_consumer_is_left_alone()
    {
        var watch = new ConsumerWatch(strikes: 2, maxRestarts: 2);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, expected: true, consumers: 1));
        }
    }

    [Fact]
    public void A_lost_consumer_restarts_the_endpoint_after_the_strikes_and_stops_the_process_when_restarts_do_not_help()
    {
        var watch = new ConsumerWatch(strikes: 2, maxRestarts: 2);
        var actions = Enumerable.Range(0, 7).Select(_ => watch.Observe(Lane, expected: true, consumers: 0)).ToList();
        Assert.Equal(
            [ConsumerWatchAction.None, ConsumerWatchAction.RestartEndpoint,
             ConsumerWatchAction.None, ConsumerWatchAction.RestartEndpoint,
             ConsumerWatchAction.None, ConsumerWatchAction.StopProcess, ConsumerWatchAction.StopProcess],
            actions);
    }

    [Fact]
    public void A_consumer_back_after_a_restart_clears_the_count_so_a_later_loss_gets_its_own_restarts()
    {
        var watch = new ConsumerWatch(strikes: 1, maxRestarts: 1);
        Assert.Equal(ConsumerWatchAction.RestartEndpoint, watch.Observe(Lane, true, 0));
        Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, true, 1));
        Assert.Equal(ConsumerWatchAction.RestartEndpoint, watch.Observe(Lane, true, 0));
    }

    [Fact]
    public void A_held_lane_or_an_unanswered_look_starts_the_count_over()
    {
        var watch = new ConsumerWatch(strikes: 2, maxRestarts: 2);
        Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, true, 0));
        Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, expected: false, consumers: 0));
        Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, true, 0));
        Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, true, consumers: null));
        Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, true, 0));
        Assert.Equal(ConsumerWatchAction.RestartEndpoint, watch.Observe(Lane, true, 0));
    }

    [Fact]
    public void Queues_are_counted_apart()
    {
        var watch = new ConsumerWatch(strikes: 2, maxRestarts: 2);
        Assert.Equal(ConsumerWatchAction.None, watch.Observe(Lane, true, 0));
        Assert.Equal(ConsumerWatchAction.None, watch.Observe("send-email", true, 0));
        Assert.Equal(ConsumerWatchAction.RestartEndpoint, watch.Observe(Lane, true, 0));
    }
}
