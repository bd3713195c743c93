using Queue.Dispatching.Parking;

namespace Queue.UnitTests;

public class ParkingLotTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.4, 1)]
    [InlineData(4.9, 1)]
    [InlineData(5, 5)]
    [InlineData(119, 30)]
    [InlineData(3600, 3600)]
    [InlineData(86400, 3600)]
    public void Waits_the_longest_delay_that_does_not_overshoot(double seconds, double expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), ParkingLot.ChooseDelay(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_negative_remainder_waits_the_shortest_delay() =>
        Assert.Equal(TimeSpan.FromSeconds(1), ParkingLot.ChooseDelay(TimeSpan.FromSeconds(-10)));
}

public class RetryDelayTests
{
    [Fact]
    public void The_last_delay_repeats()
    {
        var options = new Queue.Dispatching.DispatcherOptions { RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)] };
        Assert.Equal([1, 5, 5, 5], new[] { 1, 2, 3, 4 }.Select(n => options.RetryDelay(n).TotalMinutes));
    }
}
