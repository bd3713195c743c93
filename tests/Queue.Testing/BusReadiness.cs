using MassTransit;

namespace Queue.Testing;

public static class BusReadiness
{
    /// <summary>
    /// Waits until a host's bus is connected and its receive endpoints are bound: a message published before then may
    /// go unheard. <paramref name="whose"/> names the host in the error, e.g. "the dispatcher's".
    /// </summary>
    public static async Task WaitUntilHealthyAsync(this IBusControl bus, string whose)
    {
        if (await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30)) != BusHealthStatus.Healthy)
        {
            throw new TimeoutException($"{whose} bus is not healthy: {bus.CheckHealth().Description}");
        }
    }
}
