namespace Queue.Operations;

/// <summary>One blocklist zone as ops see it.</summary>
/// <param name="State">listed (a confirmed listing of one of our targets), degraded (the zone's answers are not trusted now) or clean.</param>
public sealed record ZoneView(string Zone, string State, IReadOnlyList<string> Listed);
