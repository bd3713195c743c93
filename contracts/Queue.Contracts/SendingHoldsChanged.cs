namespace Queue.Contracts;

/// <summary>
/// Event: what holds sending changed (an operator's pause or resume, a confirmed or cleared blocklisting).
/// Every dispatcher replica reloads the holds when it hears it.
/// </summary>
public sealed record SendingHoldsChanged
{
    /// <summary>The account concerned, or <c>*</c> for all.</summary>
    public string Scope { get; init; } = "";

    /// <summary>operator, or reputation:zone:target.</summary>
    public string Source { get; init; } = "";

    public bool Held { get; init; }

    public string Reason { get; init; } = "";

    public string By { get; init; } = "";

    public DateTimeOffset At { get; init; }
}
