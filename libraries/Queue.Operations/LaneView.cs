namespace Queue.Operations;

/// <summary>One account's lane: what waits in it, since when, what holds it, and how far its mass and split requests are.</summary>
/// <param name="Queue">The lane's RabbitMQ queue; null depth fields when the management API did not answer.</param>
/// <param name="OpenRequests">Requests accepted for this account and not finished (also those parked for later).</param>
public sealed record LaneView(
    string Account, string Queue, long? Ready, long? Unacknowledged, int? Consumers, DateTimeOffset? HeadMessageAt,
    int OpenRequests, DateTimeOffset? OldestAcceptedAt, double? OldestAgeSeconds, DateTimeOffset? NextAllowedAt,
    IReadOnlyList<HoldView> Holds, IReadOnlyList<LaneProgress> Progress)
{
    /// <summary>Whether the lane sends now or something stops it.</summary>
    public LaneState State { get; init; }

    /// <summary>When the lane sends again by itself; null while it sends, or while a hold has no end.</summary>
    public DateTimeOffset? HeldUntil { get; init; }

    /// <summary>Every reason the lane is not sending (quota, provider throttle, session, operator, reputation), with since and until.</summary>
    public IReadOnlyList<LaneHoldView> HeldBy { get; init; } = [];
}
