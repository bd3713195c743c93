namespace Queue.Operations;

/// <summary>A request cancelled: it ends rejected (operator.cancelled).</summary>
public sealed record Cancelled(Guid RequestId, string By, string StatusUrl);
