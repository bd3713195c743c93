using System.Collections.Concurrent;
using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Parking;

namespace Queue.UnitTests.Dispatching.Fakes;

/// <summary>Parking that only records what would be put back, and where.</summary>
sealed class RecordingParking : ILaneParking
{
    public sealed record Parked(SendEmail Message, DateTimeOffset Due, int Attempt, string Queue, string? ClaimToken, bool InDoubt);

    public sealed record Requeued(SendEmail Message, string Queue, int Attempt);

    public ConcurrentQueue<Parked> Parkings { get; } = new();
    public ConcurrentQueue<Requeued> Requeues { get; } = new();

    readonly TaskCompletionSource<Parked> firstParked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a request is first parked, while its consumer may still be busy.</summary>
    public Task<Parked> FirstParked => firstParked.Task;

    public Task ParkAsync(ConsumeContext<SendEmail> context, DateTimeOffset due, int attempt, string queue, string? claimToken = null, bool inDoubt = false) =>
        ParkAsync(context, context.Message, due, attempt, queue, claimToken, inDoubt);

    public Task ParkAsync(ConsumeContext context, SendEmail message, DateTimeOffset due, int attempt, string queue, string? claimToken = null, bool inDoubt = false)
    {
        var parked = new Parked(message, due, attempt, queue, claimToken, inDoubt);
        Parkings.Enqueue(parked);
        firstParked.TrySetResult(parked);
        return Task.CompletedTask;
    }

    public Task RequeueAsync(ConsumeContext<SendEmail> context, string queue, int attempt)
    {
        Requeues.Enqueue(new Requeued(context.Message, queue, attempt));
        return Task.CompletedTask;
    }
}
