namespace Queue.Operations;

/// <summary>The reputation monitor's read model, as ops look at it: each zone listed, degraded or clean.</summary>
/// <param name="AuthChecks">As the monitor last found them; every outcome reads Unknown while its resolver is not answering.</param>
public sealed record ReputationView(
    IReadOnlyList<ZoneView> Zones, IReadOnlyList<ListingView> Listings, IReadOnlyList<ZoneHealthView> Degraded, IReadOnlyList<AuthCheckView> AuthChecks,
    ResolverView Resolver);
