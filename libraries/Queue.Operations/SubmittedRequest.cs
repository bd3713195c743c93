namespace Queue.Operations;

/// <summary>The answer to an accepted submission.</summary>
/// <param name="Replayed">True when this RequestId had been submitted before: nothing was published this time.</param>
public sealed record SubmittedRequest(Guid RequestId, string StatusUrl, bool Replayed);
