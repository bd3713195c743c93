namespace Queue.Operations;

/// <summary>Where a ramp stands today: "warm-up day <see cref="Day"/> of <see cref="Days"/>, cap today <see cref="CapToday"/>".</summary>
/// <param name="Scope">The account address, or <c>domain</c>.</param>
/// <param name="HeldDays">Days that did not count because the provider throttled.</param>
public sealed record WarmupView(string Scope, int Day, int Days, int CapToday, int FullCap, int HeldDays);
