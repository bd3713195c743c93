namespace Queue.Operations;

/// <summary>One reason a lane is not sending, as the dispatcher publishes it for operations.</summary>
/// <param name="Source">What set it: <c>quota</c>, <c>throttle</c>, <c>session</c>, <c>operator</c>, <c>reputation:zone:target</c>.</param>
/// <param name="Since">When this hold began (an extension keeps it).</param>
/// <param name="Until">When it ends by itself; null while only a person (or the monitor) can lift it.</param>
/// <param name="NextTry">For a session hold, when the next attempt to reach the server is made.</param>
public sealed record LaneHoldView(LaneHoldKind Kind, string Source, string Reason, DateTimeOffset Since, DateTimeOffset? Until, DateTimeOffset? NextTry);
