using MassTransit;
using Queue.Contracts;

namespace Queue.Dispatching.Parking;

/// <summary>
/// Putting a lane's request back durably, as the lane's steps need it: <see cref="ParkingLot"/> over RabbitMQ's wait
/// queues in the dispatcher, a recording fake in the steps' unit tests.
/// </summary>
public interface ILaneParking
{
    /// <summary>Parks the request until <paramref name="due"/>, then it returns to <paramref name="queue"/>.</summary>
    /// <param name="claimToken">A ledger claim this attempt holds and could not release; the next attempt takes it over.</param>
    /// <param name="inDoubt">This attempt may have reached the server: the next one's outcome says so.</param>
    Task ParkAsync(ConsumeContext<SendEmail> context, DateTimeOffset due, int attempt, string queue, string? claimToken = null, bool inDoubt = false);

    /// <summary>Parks <paramref name="message"/> (a request derived from the one consumed) until <paramref name="due"/>.</summary>
    Task ParkAsync(ConsumeContext context, SendEmail message, DateTimeOffset due, int attempt, string queue, string? claimToken = null, bool inDoubt = false);

    /// <summary>Puts the request into <paramref name="queue"/> (a lane) now, with its priority.</summary>
    Task RequeueAsync(ConsumeContext<SendEmail> context, string queue, int attempt);
}
