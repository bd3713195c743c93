namespace Queue.Operations;

/// <summary>A request sent as several messages: sent so far of the total, and when the rest should have gone out.</summary>
/// <param name="EstimatedCompletion">Null while a pause without an end holds the account.</param>
public sealed record LaneProgress(Guid RequestId, DateTimeOffset AcceptedAt, int Total, int Sent, int Failed, int Pending, DateTimeOffset? EstimatedCompletion);
